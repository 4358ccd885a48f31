// Derives a field tree from Google's discovery document: every field reachable from some root schemas
// (a method's request and response), one entry per field path, with the type, enum values and the behaviour
// Google states in the description ("Optional.", "Required.", "Output only."). The coverage measure
// (scripts/lib/coverage.ts) checks each bundle against these trees; scripts/reference-fields.ts writes them
// to reference/google/, and a test checks that the committed files are exactly what this derivation gives.
//
// Path notation: `Root.a.b` for an object field, `a[]` for the element of a repeated field, `a{}` for the
// value of a map. Recursion is cut where a $ref names a schema already on the chain from the root to the
// field: that field is listed with `recursionCut: true` and not expanded.
import crypto from "node:crypto";

type Json = Record<string, any>;

const GENERATION = ["generateContent", "streamGenerateContent"];

/**
 * The field trees this repository keeps: each tree's roots (a method's request and response schemas), and for
 * each root the operations of the spec whose bodies it describes, so that a bundle is measured only against the
 * roots of the operations it serves.
 */
export const FIELD_TREES: ReadonlyArray<{ file: string; roots: Readonly<Record<string, readonly string[]>> }> = [
  { file: "generate-content-field-tree.json", roots: { GenerateContentRequest: GENERATION, GenerateContentResponse: GENERATION } },
  { file: "count-tokens-field-tree.json", roots: { CountTokensRequest: ["countTokens"], CountTokensResponse: ["countTokens"] } },
  {
    file: "embed-content-field-tree.json",
    roots: {
      EmbedContentRequest: ["embedContent"],
      EmbedContentResponse: ["embedContent"],
      BatchEmbedContentsRequest: ["batchEmbedContents"],
      BatchEmbedContentsResponse: ["batchEmbedContents"],
    },
  },
  { file: "models-field-tree.json", roots: { ListModelsResponse: ["listModels"], Model: ["getModel"] } },
];

export const DISCOVERY_FILE = "generativelanguage.v1beta.discovery.json";

const RECURSION_RULE = "a $ref whose target schema is already on the current ancestor chain is emitted with recursionCut=true and not expanded";
const PATH_NOTATION = "[] = repeated (array) element, {} = map value (additionalProperties)";

// Behaviours Google writes as leading sentences of a field's description (its google.api.field_behavior).
const BEHAVIOUR = /^(Optional|Required|Output only|Input only|Immutable|Identifier)\.\s*/;

// The discovery document gives only JSON names. The proto name is the snake_case of that name, except for two
// GenerationConfig fields whose proto declares a json_name of its own: the deprecated `response_json_schema`
// is sent as `_responseJsonSchema`, and `responseJsonSchema` belongs to `response_json_schema_ordered` (as the
// tree the project started from records, and the spec's `x-proto-name` says).
const PROTO_NAMES: Record<string, string> = {
  "GenerationConfig.responseJsonSchema": "response_json_schema_ordered",
  "GenerationConfig._responseJsonSchema": "response_json_schema",
};

const snake = (name: string) => name.replace(/^_/, "").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `Optional. Output only. The text. More.` → behaviours [Optional, Output only], doc `The text.` */
function readDescription(description = ""): { behavior: string[]; doc: string } {
  const behavior: string[] = [];
  let rest = description;
  for (let m = BEHAVIOUR.exec(rest); m; m = BEHAVIOUR.exec(rest)) {
    behavior.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  const end = rest.search(/\.\s/);
  return { behavior, doc: end < 0 ? rest.trim() : rest.slice(0, end + 1) };
}

/** A scalar's type as `string`, `integer(int32)`, `any`. */
const scalar = (s: Json) => (s.format ? `${s.type}(${s.format})` : s.type);

interface Shape { type: string; ref?: string; jsonType?: string; format?: string; enum?: string[]; map?: true; repeated?: true; suffix: string }

function shapeOf(prop: Json): Shape {
  if (prop.$ref) return { type: prop.$ref, ref: prop.$ref, suffix: "" };
  if (prop.type === "array" || prop.additionalProperties) {
    const inner: Json = prop.type === "array" ? prop.items : prop.additionalProperties;
    const element = inner.$ref ?? scalar(inner);
    const base = prop.type === "array"
      ? { type: `array<${element}>`, repeated: true as const, suffix: "[]" }
      : { type: `map<string,${element}>`, map: true as const, suffix: "{}" };
    if (inner.$ref) return { ...base, ref: inner.$ref };
    return { ...base, jsonType: inner.type, ...(inner.format ? { format: inner.format } : {}), ...(inner.enum ? { enum: inner.enum } : {}) };
  }
  return { type: scalar(prop), suffix: "", jsonType: prop.type, ...(prop.format ? { format: prop.format } : {}), ...(prop.enum ? { enum: prop.enum } : {}) };
}

function countMethods(resources: Json = {}): number {
  return Object.values<Json>(resources).reduce(
    (n, r) => n + Object.keys(r.methods ?? {}).length + countMethods(r.resources), 0);
}

/** The field tree of `roots` in a discovery document (`source` is the document's text, for its name and hash). */
export function deriveFieldTree(discovery: Json, roots: readonly string[], source: { file: string; text: string }) {
  const schemas: Json = discovery.schemas;
  const fields: Json[] = [];
  const reach = new Map<string, Set<string>>(); // schema → roots it is reachable from
  const perRoot: Json = {};

  const walk = (root: string, name: string, path: string, chain: string[]) => {
    if (!reach.has(name)) reach.set(name, new Set());
    reach.get(name)!.add(root);
    for (const [field, prop] of Object.entries<Json>(schemas[name].properties ?? {})) {
      const shape = shapeOf(prop);
      const { behavior, doc } = readDescription(prop.description);
      const entry: Json = {
        path: `${path}.${field}${shape.suffix}`,
        owner: name,
        field,
        protoName: PROTO_NAMES[`${name}.${field}`] ?? snake(field),
        type: shape.type,
      };
      if (shape.ref) entry.ref = shape.ref;
      else entry.jsonType = shape.jsonType;
      if (shape.format) entry.format = shape.format;
      if (shape.enum) entry.enum = shape.enum;
      if (shape.map) entry.map = true;
      if (shape.repeated) entry.repeated = true;
      if (prop.readOnly) entry.readOnly = true;
      if (prop.deprecated) entry.deprecated = true;
      if (behavior.length) entry.behavior = behavior;
      entry.doc = doc;
      const cut = shape.ref !== undefined && [...chain, name].includes(shape.ref);
      if (cut) entry.recursionCut = true;
      fields.push(entry);
      if (shape.ref && !cut) walk(root, shape.ref, entry.path, [...chain, name]);
    }
  };

  for (const root of roots) {
    const before = fields.length;
    walk(root, root, root, []);
    const reached = [...reach].filter(([, from]) => from.has(root)).map(([name]) => name);
    perRoot[root] = {
      schemas: reached.length,
      expandedPaths: fields.length - before,
      fieldDefinitions: reached.reduce((n, s) => n + Object.keys(schemas[s].properties ?? {}).length, 0),
    };
  }

  const names = [...reach.keys()].sort();
  const schemaList = names.map((name) => {
    const props = Object.entries<Json>(schemas[name].properties ?? {});
    return {
      name,
      fieldCount: props.length,
      reachableFrom: roots.filter((r) => reach.get(name)!.has(r)),
      ...(schemas[name].deprecated ? { deprecated: true } : {}),
      fields: props.map(([field, prop]) => {
        const { behavior } = readDescription(prop.description);
        const shape = shapeOf(prop);
        return {
          field, type: shape.type,
          ...(behavior.length ? { behavior } : {}),
          ...(shape.enum ? { enum: shape.enum } : {}),
          ...(prop.readOnly ? { readOnly: true } : {}),
          ...(prop.deprecated ? { deprecated: true } : {}),
        };
      }),
    };
  });
  const enums = schemaList.flatMap((s) => s.fields.filter((f) => f.enum).map((f) => ({ schema: s.name, field: f.field, values: f.enum! })));
  const requiredFields = schemaList.flatMap((s) => s.fields.filter((f) => f.behavior?.includes("Required")).map((f) => `${s.name}.${f.field}`));
  const recursionCuts = fields.filter((f) => f.recursionCut).map((f) => f.path);

  return {
    meta: {
      discoveryId: discovery.id,
      revision: discovery.revision,
      title: discovery.title,
      rootUrl: discovery.rootUrl,
      servicePath: discovery.servicePath,
      sourceFile: source.file,
      sourceSha256: crypto.createHash("sha256").update(source.text).digest("hex"),
      roots: [...roots],
      recursionRule: RECURSION_RULE,
      pathNotation: PATH_NOTATION,
    },
    counts: {
      totalSchemasInDocument: Object.keys(schemas).length,
      reachableSchemas: names.length,
      reachableFieldDefinitions: schemaList.reduce((n, s) => n + s.fieldCount, 0),
      expandedFieldPaths: fields.length,
      enumFieldDefinitions: enums.length,
      distinctEnumValueSets: new Set(enums.map((e) => JSON.stringify(e.values))).size,
      enumValuesTotal: enums.reduce((n, e) => n + e.values.length, 0),
      recursionCuts: recursionCuts.length,
      requiredFieldDefinitions: requiredFields.length,
      perRoot,
      methodsTotal: countMethods(discovery.resources),
    },
    recursionCuts,
    requiredFields,
    schemas: schemaList,
    enums,
    fields,
  };
}

/** The text a field tree is written as (and compared as). */
export const fieldTreeText = (tree: unknown) => `${JSON.stringify(tree, null, 2)}\n`;
