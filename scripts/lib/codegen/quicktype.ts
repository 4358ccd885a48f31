// Generates Python and Go models from the prepared JSON Schema with quicktype's library API.
// All roots are read from one address, so a schema reached from both the request and the response
// (Content, Part, …) becomes one class instead of two.
import { InputData, JSONSchemaInput, JSONSchemaStore, quicktype, type JSONSchema } from "quicktype-core";

export type Language = "python" | "go";

const ADDRESS = "gemini.json";

class OneDocumentStore extends JSONSchemaStore {
  constructor(private readonly doc: object) { super(); }
  async fetch(address: string): Promise<JSONSchema | undefined> {
    return address === ADDRESS ? (this.doc as JSONSchema) : undefined;
  }
}

const RENDERER_OPTIONS: Record<Language, Record<string, string>> = {
  // Dataclasses with from_dict/to_dict: the standard library only, as no PyPI package can be installed here.
  python: { "python-version": "3.7" },
  // One package `main`, so the harness can sit next to the models; omitempty so absent fields stay absent.
  go: { package: "main", "omit-empty": "true" },
};

/** The models of `schema`'s components named in `roots` (and of everything they reach), in one source file. */
export async function generateModels(schema: object, roots: readonly string[], lang: Language): Promise<string> {
  const input = new JSONSchemaInput(new OneDocumentStore(schema));
  for (const name of roots) await input.addSource({ name, uris: [`${ADDRESS}#/components/schemas/${name}`] });
  const inputData = new InputData();
  inputData.addInput(input);
  const { lines } = await quicktype({
    inputData,
    lang,
    rendererOptions: RENDERER_OPTIONS[lang],
    // Strings stay strings: no date parsing (Python would need python-dateutil), no guessed integers or UUIDs.
    inferDateTimes: false,
    inferUuids: false,
    inferIntegerStrings: false,
    inferBooleanStrings: false,
  });
  return `${lines.join("\n")}\n`;
}

/**
 * Go source of the harness's table of parsers, one per root: quicktype gives each Go root type an
 * `Unmarshal<Root>` function and a `Marshal` method, and Go cannot look either up by name at run time.
 */
export function goRootParsers(roots: readonly string[]): string {
  const entries = roots.map((name) => `\t${JSON.stringify(name)}: func(raw []byte) ([]byte, error) {
\t\tv, err := Unmarshal${name}(raw)
\t\tif err != nil {
\t\t\treturn nil, err
\t\t}
\t\treturn v.Marshal()
\t},`);
  return `// Written by scripts/codegen.ts: the models the harness parses, by root type name.
package main

var parsers = map[string]func([]byte) ([]byte, error){
${entries.join("\n")}
}
`;
}
