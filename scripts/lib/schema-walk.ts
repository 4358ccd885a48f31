// Walks a JSON Schema (2020-12, as OpenAPI 3.1 uses it) by its keywords, so that values which merely look
// like schemas (examples, `properties` maps keyed by field name) are never mistaken for one.

type Schema = Record<string, any>;

const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];
const SCHEMA_SLOTS = ["items", "additionalProperties", "not", "contains", "if", "then", "else", "propertyNames", "contentSchema"];

/** Applies `fn` to every schema node below `schema`, children first (returns a new schema). */
export function mapSchema(schema: unknown, fn: (s: Schema) => Schema): any {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const out: Schema = { ...schema };
  for (const key of SCHEMA_MAPS) {
    if (out[key] && typeof out[key] === "object") {
      out[key] = Object.fromEntries(Object.entries(out[key]).map(([name, s]) => [name, mapSchema(s, fn)]));
    }
  }
  for (const key of SCHEMA_LISTS) if (Array.isArray(out[key])) out[key] = out[key].map((s: unknown) => mapSchema(s, fn));
  for (const key of SCHEMA_SLOTS) if (out[key] && typeof out[key] === "object") out[key] = mapSchema(out[key], fn);
  return fn(out);
}

/** Applies `fn` to every schema of a document: components, parameters, bodies, responses, headers. */
export function mapDocumentSchemas(doc: Schema, fn: (s: Schema) => Schema): Schema {
  const visit = (node: unknown, inSchemas = false): unknown => {
    if (!node || typeof node !== "object") return node;
    if (Array.isArray(node)) return node.map((n) => visit(n));
    const out: Schema = {};
    for (const [key, value] of Object.entries(node)) {
      if (inSchemas) out[key] = mapSchema(value, fn);
      else if (key === "schema") out[key] = mapSchema(value, fn);
      else if (key === "schemas" && value && typeof value === "object") out[key] = visit(value, true);
      else if (key === "example" || key === "examples" && !Array.isArray(value) && hasExampleValues(value)) out[key] = value;
      else out[key] = visit(value);
    }
    return out;
  };
  return visit(doc) as Schema;
}

// Example Objects hold data, which must not be mistaken for schemas.
const hasExampleValues = (value: any) =>
  value && typeof value === "object" && Object.values(value).some((e: any) => e && typeof e === "object" && ("value" in e || "externalValue" in e));
