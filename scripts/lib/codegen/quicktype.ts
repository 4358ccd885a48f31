// Generates Python and Go models from the prepared JSON Schema with quicktype's library API.
// All roots are read from one address, so a schema reached from both the request and the response
// (Content, Part, …) becomes one class instead of two.
import { InputData, JSONSchemaInput, JSONSchemaStore, quicktype, type JSONSchema } from "quicktype-core";
import { ROOTS } from "./schema.ts";

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

export async function generateModels(schema: object, lang: Language): Promise<string> {
  const input = new JSONSchemaInput(new OneDocumentStore(schema));
  for (const name of ROOTS) await input.addSource({ name, uris: [`${ADDRESS}#/components/schemas/${name}`] });
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
