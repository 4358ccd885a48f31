// Derives openapi.3.0.json, an OpenAPI 3.0.3 copy of a canonical bundle for generators that do not read
// 3.1 yet. @apiture/openapi-down-convert does the standard part (version, `const` → one-value `enum`,
// `[X, "null"]` → `nullable`, schema `examples` → `example`, license identifier); this module first
// rewrites what that tool leaves invalid or awkward for 3.0 generators:
//   - open enums (`anyOf: [{enum: […]}, {type: string}]`) become `type: string` with the known values in
//     `x-extensible-enum` and named at the end of the description: the same accepted values. Measured with
//     openapi-typescript, hey-api, quicktype and Modelina: kept as `anyOf`, only the TypeScript generators
//     gain literal types (and they read the 3.1 bundle anyway), while Modelina turns each open enum into a
//     union class (238 → 352 models, wrapper structs in Go); as a plain string every generator makes a
//     string, and the known values still reach the generated doc comments;
//   - type arrays other than `[X, "null"]` become `anyOf` branches (3.0 `type` is a single name), and
//     `type: "null"` a nullable string whose only value is null;
//   - numeric `exclusiveMinimum`/`exclusiveMaximum` become 3.0's `minimum` + boolean flag;
//   - a description or `x-` extension next to a `$ref` is dropped (3.0 ignores `$ref` siblings and linters
//     flag them); a `deprecated` one is kept by wrapping the reference in `allOf`;
//   - boolean property schemas (`type: false`, "must be absent") become `{not: {}}`, 3.0 having no booleans;
//   - `contentMediaType`/`contentSchema` (a string holding encoded JSON) move to `x-` extensions;
//   - `dependentSchemas` (when a member is present, another schema applies) becomes the equivalent `allOf`
//     rule "member absent, or the schema holds";
//   - `info.summary` (3.1 only) moves to `x-summary`; the license gets the SPDX `url` 3.0 requires.
// The SSE event schema stays in the `x-itemSchema` extension, whose `$ref` still resolves.
import { Converter } from "@apiture/openapi-down-convert";
import { mapDocumentSchemas } from "./schema-walk.ts";

type Schema = Record<string, any>;

function openEnumValues(schema: Schema): { known: Schema; plain: Schema } | undefined {
  const branches = schema.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return undefined;
  const known = branches.find((b: Schema) => b.type === "string" && Array.isArray(b.enum));
  const plain = branches.find((b: Schema) => b.type === "string" && !b.enum && !b.pattern && !b.format);
  return known && plain ? { known, plain } : undefined;
}

export function collapseOpenEnum(schema: Schema): Schema {
  const open = openEnumValues(schema);
  if (!open) return schema;
  const { anyOf, ...rest } = schema;
  const { type, enum: values, description, ...annotations } = open.known;
  const note = `Known values: ${values.map((v: string) => `\`${v}\``).join(", ")}; others may appear.`;
  return {
    ...annotations,
    ...rest,
    description: rest.description ? `${rest.description.trim()} ${note}` : note,
    type: "string",
    "x-extensible-enum": values,
  };
}

export function splitTypeArray(schema: Schema): Schema {
  const types = schema.type === "null" ? ["null"] : schema.type;
  if (!Array.isArray(types)) return schema;
  const nonNull = types.filter((t: string) => t !== "null");
  const nullable = nonNull.length < types.length;
  // 3.0 has no null type: the usual spelling of "only null" is a nullable type whose one value is null.
  if (nonNull.length === 0) return { ...schema, type: "string", nullable: true, enum: [null] };
  if (nonNull.length === 1) return { ...schema, type: nullable ? [nonNull[0], "null"] : nonNull[0] };
  const { type, ...rest } = schema;
  // 3.0's `nullable` only counts next to a `type`, so each branch carries it.
  const branches = nonNull.map((t: string) => (nullable ? { type: t, nullable: true } : { type: t }));
  return { ...rest, anyOf: [...(rest.anyOf ?? []), ...branches] };
}

export function exclusiveBounds(schema: Schema): Schema {
  const out = { ...schema };
  for (const [bound, limit] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]]) {
    if (typeof out[bound] === "number") {
      out[limit] = out[bound];
      out[bound] = true;
    }
  }
  return out;
}

export function contentKeywords(schema: Schema): Schema {
  if (!("contentSchema" in schema) && !("contentMediaType" in schema)) return schema;
  const { contentMediaType, contentSchema, ...rest } = schema;
  return {
    ...rest,
    ...(contentMediaType ? { "x-contentMediaType": contentMediaType } : {}),
    ...(contentSchema ? { "x-contentSchema": contentSchema } : {}),
  };
}

export function refSiblings(schema: Schema): Schema {
  if (typeof schema.$ref !== "string") return schema;
  const { $ref, description, ...siblings } = schema;
  const rest = Object.fromEntries(Object.entries(siblings).filter(([key]) => !key.startsWith("x-")));
  if (Object.keys(rest).length === 0) return { $ref };
  return { ...(description ? { description } : {}), ...rest, allOf: [{ $ref }] };
}

export function booleanProperties(schema: Schema): Schema {
  const props = schema.properties;
  if (!props || !Object.values(props).some((p) => typeof p === "boolean")) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(props).map(([name, p]) => [name, p === false ? { not: {} } : p === true ? {} : p])),
  };
}

export function dependentSchemas(schema: Schema): Schema {
  if (!schema.dependentSchemas) return schema;
  const { dependentSchemas: dependents, ...rest } = schema;
  // "when member p is present, S holds" is "p is absent, or S holds".
  const rules = Object.entries<Schema>(dependents).map(([name, then]) =>
    ({ anyOf: [{ not: { required: [name], properties: { [name]: {} } } }, then] }));
  return { ...rest, allOf: [...(rest.allOf ?? []), ...rules] };
}

function info(doc: Schema): Schema {
  const { summary, license, ...rest } = doc.info ?? {};
  const spdx = license?.identifier ? { url: `https://spdx.org/licenses/${license.identifier}.html` } : {};
  return {
    ...rest,
    ...(license ? { license: { name: license.name, ...(license.url ? { url: license.url } : spdx) } } : {}),
    ...(summary ? { "x-summary": summary } : {}),
  };
}

/** The OpenAPI 3.0.3 variant of a canonical 3.1 bundle (the input is not modified). */
export function downConvert(canonical: Schema): Schema {
  const prepared = mapDocumentSchemas(canonical,
    (s) => booleanProperties(refSiblings(dependentSchemas(contentKeywords(exclusiveBounds(splitTypeArray(collapseOpenEnum(s))))))));
  prepared.info = info(prepared);
  const converted = new Converter(prepared, { verbose: false, deleteExampleWithId: false, allOfTransform: false }).convert() as Schema;
  converted["x-gemini-variant"] = "openapi-3.0";
  return converted;
}
