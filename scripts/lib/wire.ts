// Derives the "wire" variant of a canonical bundle: the same API, but with request schemas widened to
// everything Google's protobuf-JSON parser accepts (GUIDE §3). Docs, types and codegen use the canonical
// bundle; request validation (the mocks) uses this one, so it never rejects a request Google would take.
// Widened, for every schema reachable from a request body:
//   - each property also under its proto (snake_case) name, and `required` satisfied by either name;
//   - properties marked `x-wire-optional` (documented as required, sent without by official SDKs) not required;
//   - `null` for any property (protobuf JSON reads null as "unset");
//   - a single item where a list is declared;
//   - enum names also in lower case and Capitalised (`"object"`, `"Text"`), and enum numbers (proto3 JSON:
//     Google's REST clients generated from the protos send `$alt=json;enum-encoding=int` and integers);
//   - any other enum name (`thinkingLevel: "XHIGH"` before this spec knew it): Google extends its enums
//     all the time and clients send the new values at once. That branch carries `x-unknown-enum-value`, so
//     a validator can still tell a known value from a new one (closeEnums below);
//   - property names inside conditions (Schema's "`type` unless `anyOf`") also under their proto names;
//   - numbers as decimal strings, int64 strings as numbers, bytes as URL-safe base64 or unpadded.
// Response schemas are left as they are, except where a schema is shared with requests.

import { snakeCase } from "../../src/proto-json.ts";
import { mapDocumentSchemas } from "./schema-walk.ts";

type Schema = Record<string, any>;

const INTEGER_STRING = { type: "string", pattern: "^-?[0-9]+$" };
const NUMBER_STRING = { type: "string", pattern: "^(-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|NaN|-?Infinity)$" };
const ENUM_NUMBER = { type: "integer", minimum: 0, maximum: 2147483647 };
const BASE64_ANY = { type: "string", pattern: "^[A-Za-z0-9+/_-]*={0,2}$" };
/** Marks the branch of a wire enum that takes names the spec does not list. */
export const UNKNOWN_ENUM_VALUE = "x-unknown-enum-value";
// Proto enum names are identifiers; anything else (`"high effort"`, `""`) cannot be a value Google added.
const ANY_ENUM_NAME = {
  type: "string",
  pattern: "^[A-Za-z][A-Za-z0-9_]*$",
  [UNKNOWN_ENUM_VALUE]: true,
  description: "An enum name this description does not list yet. Accepted, as Google adds values over time; worth a drift warning.",
};


function enumVariants(values: unknown[]): unknown[] {
  const out = new Set<unknown>(values);
  for (const v of values) {
    if (typeof v !== "string") continue;
    out.add(v.toLowerCase());
    out.add(v.charAt(0) + v.slice(1).toLowerCase());
  }
  return [...out];
}

function widenScalar(schema: Schema): Schema {
  if (schema.enum && schema.type === "string") {
    return { anyOf: [{ ...schema, enum: enumVariants(schema.enum) }, ENUM_NUMBER, ANY_ENUM_NAME] };
  }
  if (schema.type === "integer") return { anyOf: [schema, INTEGER_STRING] };
  if (schema.type === "number") return { anyOf: [schema, NUMBER_STRING] };
  if (schema.format === "int64" && [schema.type].flat().includes("string")) {
    const { type, format, ...rest } = schema;
    return { ...rest, anyOf: [INTEGER_STRING, { type: "integer" }], "x-format": format };
  }
  if (schema.type === "string" && schema.format === "byte") {
    const { format, ...rest } = schema;
    return { ...rest, ...BASE64_ANY, "x-format": format };
  }
  return schema;
}

/** Widens one schema node (not following $refs: every component is widened once, in place). */
export function widenSchema(schema: Schema): Schema {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
  let out: Schema = { ...schema };
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    if (Array.isArray(out[key])) out[key] = out[key].map(widenSchema);
  }
  for (const key of ["not", "if", "then", "else"]) if (out[key] && out.properties) out[key] = eitherNameInCondition(out[key], out);
  if (out.items) out.items = widenSchema(out.items);
  if (out.additionalProperties && typeof out.additionalProperties === "object") {
    out.additionalProperties = widenSchema(out.additionalProperties);
  }
  if (out.properties) {
    if (Array.isArray(out.required)) out.required = out.required.filter((n: string) => !out.properties[n]?.["x-wire-optional"]);
    const props: Schema = {};
    for (const [name, prop] of Object.entries<Schema>(out.properties)) {
      const widened = nullable(widenProperty(prop));
      props[name] = widened;
      const proto = prop["x-proto-name"] ?? snakeCase(name);
      if (proto !== name && !(proto in out.properties)) props[proto] = widened;
    }
    out.properties = props;
    if (Array.isArray(out.required)) {
      const plain = out.required.filter((n: string) => protoName(out, n) === n);
      const aliased = out.required.filter((n: string) => protoName(out, n) !== n);
      out.required = plain;
      if (plain.length === 0) delete out.required;
      if (aliased.length) {
        out.allOf = [...(out.allOf ?? []), ...aliased.map((n: string) => ({
          anyOf: [n, protoName(out, n)].map((key) => ({ properties: { [key]: props[key] }, required: [key] })),
        }))];
      }
    }
  }
  return widenScalar(out);
}

/**
 * A condition on which properties are present (Schema's `not: {properties: {type: false, anyOf: false, …}}`:
 * not all of them absent), with each property also under its proto name (`any_of`).
 */
function eitherNameInCondition(condition: Schema, owner: Schema): Schema {
  if (!condition || typeof condition !== "object") return condition;
  const out: Schema = { ...condition };
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    if (Array.isArray(out[key])) out[key] = out[key].map((c: Schema) => eitherNameInCondition(c, owner));
  }
  if (out.not) out.not = eitherNameInCondition(out.not, owner);
  if (out.properties) {
    out.properties = { ...out.properties };
    for (const [name, rule] of Object.entries(condition.properties)) out.properties[protoName(owner, name)] ??= rule;
  }
  return out;
}

/** The wire bundle with every enum closed again to the values (and spellings) it lists: a request that passes
 * the wire bundle but not this one uses an enum value the spec does not know yet — drift, not an error. */
export function closeEnums(wire: Schema): Schema {
  return mapDocumentSchemas(wire, (s) =>
    Array.isArray(s.anyOf) && s.anyOf.some((b: Schema) => b?.[UNKNOWN_ENUM_VALUE])
      ? { ...s, anyOf: s.anyOf.filter((b: Schema) => !b?.[UNKNOWN_ENUM_VALUE]) }
      : s);
}

function protoName(schema: Schema, name: string): string {
  return schema.properties?.[name]?.["x-proto-name"] ?? snakeCase(name);
}

function widenProperty(prop: Schema): Schema {
  const widened = widenSchema(prop);
  if (widened.type === "array" && widened.items) {
    // Google's parser takes a lone item for a repeated field (e.g. `"tools": {"functionDeclarations": …}`).
    const { description, ...array } = widened;
    return { ...(description ? { description } : {}), anyOf: [array, widened.items] };
  }
  return widened;
}

function nullable(prop: Schema): Schema {
  const { description, deprecated, ...rest } = prop;
  if (Object.keys(rest).length === 0) return prop; // "any value" already admits null
  const meta: Schema = {};
  if (description) meta.description = description;
  if (deprecated) meta.deprecated = deprecated;
  return { ...meta, anyOf: [rest, { type: "null" }] };
}

/** Names of the component schemas that request bodies reach. */
export function requestSchemaNames(doc: Schema): Set<string> {
  const schemas = doc.components?.schemas ?? {};
  const seen = new Set<string>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const ref = (node as Schema).$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
      const name = ref.slice("#/components/schemas/".length);
      if (!seen.has(name)) {
        seen.add(name);
        visit(schemas[name]);
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== "$ref") visit(value);
  };
  for (const item of Object.values<Schema>(doc.paths ?? {})) {
    for (const op of Object.values<Schema>(item)) visit(op?.requestBody);
  }
  return seen;
}

/** The wire variant of a canonical bundle (the input is not modified). */
export function deriveWire(canonical: Schema): Schema {
  const doc = structuredClone(canonical);
  for (const name of requestSchemaNames(doc)) {
    doc.components.schemas[name] = widenSchema(doc.components.schemas[name]);
  }
  doc.info = {
    ...doc.info,
    title: `${doc.info.title} (wire: what the server accepts)`,
    description: `${doc.info.description}\n\n**This is the wire variant**, derived by scripts/lib/wire.ts from the canonical bundle: request schemas also accept the relaxed forms Google's parser takes (snake_case names, \`null\`, a lone item for a list, lower-case enum names, enum names it does not list yet, numbers as strings). Use it to validate requests; use \`openapi.json\` for docs, types and code generation.`,
  };
  doc["x-gemini-variant"] = "wire";
  return doc;
}
