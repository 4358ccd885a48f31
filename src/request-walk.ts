// Walks a request body alongside its (wire) schema, for two things a validator does not say:
// - how Google would name a field in an error: proto (snake_case) names for the fields its schemas declare,
//   but names the user chose (keys of `parameters.properties`, of `labels`, of function-call `args`) as sent;
// - drift: properties the spec does not declare and enum names it does not list, which the open schemas
//   accept on purpose but which are worth a warning (a typo such as `temprature`, a value Google added).
// One step per value, so both are linear in the size of the body.
import { snakeCase } from "./proto-json.ts";
import { requestBodyPointer, resolvePointer, resolveRef } from "./validate.ts";

type Doc = Record<string, any>;
type Schema = Record<string, any>;

/** The schema's alternatives with references followed: itself, its anyOf/oneOf/allOf branches, recursively. */
function branches(doc: Doc, schema: unknown, out: Schema[] = [], depth = 0): Schema[] {
  const node = resolveRef(doc, schema);
  if (!node || typeof node !== "object" || depth > 16) return out;
  out.push(node);
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    if (Array.isArray(node[key])) for (const branch of node[key]) branches(doc, branch, out, depth + 1);
  }
  return out;
}

interface Step {
  /** the name to report: the proto name of a declared field, the key as sent otherwise */
  name: string;
  /** the schemas the value below may follow; empty when nothing is known of it */
  schemas: Schema[];
  /** the key is one the schema declares (or an index), or a user's key in a map */
  declared: boolean;
  /** the key is in a map (user-chosen), or in an object whose schema says nothing about its keys */
  free: boolean;
}

function step(doc: Doc, alternatives: Schema[], key: string): Step {
  if (/^\d+$/.test(key)) {
    const items = alternatives.filter((s) => s.items).map((s) => s.items);
    return { name: key, schemas: items.flatMap((s) => branches(doc, s)), declared: true, free: false };
  }
  const declaring = alternatives.filter((s) => s.properties && key in s.properties);
  if (declaring.length) {
    const proto = declaring.map((s) => s.properties[key]?.["x-proto-name"]).find(Boolean);
    return { name: proto ?? snakeCase(key), schemas: declaring.flatMap((s) => branches(doc, s.properties[key])), declared: true, free: false };
  }
  const map = alternatives.filter((s) => s.additionalProperties && typeof s.additionalProperties === "object");
  if (map.length) return { name: key, schemas: map.flatMap((s) => branches(doc, s.additionalProperties)), declared: true, free: true };
  // An object schema that declares no properties takes any keys (`args`, `response`): nothing to flag below.
  const free = alternatives.length === 0 || !alternatives.some((s) => s.properties);
  return { name: key, schemas: [], declared: free, free: true };
}

/** `/contents/0/parts` → `contents[0].parts`, as Google names fields in its errors. */
export function fieldPath(doc: Doc, schema: unknown, instancePath: string): string {
  let alternatives = branches(doc, schema);
  let out = "";
  for (const raw of instancePath.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const next = step(doc, alternatives, key);
    out = /^\d+$/.test(key) ? `${out}[${key}]` : out ? `${out}.${next.name}` : next.name;
    alternatives = next.schemas;
  }
  return out;
}

export interface RequestDrift {
  kind: "unknown property" | "unknown enum value";
  /** Google-style field path (`generation_config.temprature`) */
  field: string;
  /** the unknown enum value (unset for a property) */
  value?: string;
  /** the JSON type of an unknown property's value */
  valueType?: string;
}

/** The schema of an operation's JSON request body in a bundle, or undefined when it takes none. */
export function requestSchema(doc: Doc, operationId: string): unknown {
  return resolvePointer(doc, requestBodyPointer(doc, operationId));
}

/** Properties the schema does not declare and enum names it does not list, in document order, at most `limit`. */
export function requestDrift(doc: Doc, schema: unknown, body: unknown, limit = 20): RequestDrift[] {
  const found: RequestDrift[] = [];
  const visit = (value: unknown, alternatives: Schema[], path: string) => {
    if (found.length >= limit || !alternatives.length) return;
    if (typeof value === "string") {
      const lists = alternatives.filter((s) => Array.isArray(s.enum));
      if (lists.length && !lists.some((s) => s.enum.includes(value))) found.push({ kind: "unknown enum value", field: path || "(body)", value });
      return;
    }
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      const items = step(doc, alternatives, "0").schemas;
      value.forEach((item, i) => visit(item, items, `${path}[${i}]`));
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (found.length >= limit) return;
      const next = step(doc, alternatives, key);
      const at = path ? `${path}.${next.name}` : next.name;
      if (!next.declared) found.push({ kind: "unknown property", field: at, valueType: child === null ? "null" : Array.isArray(child) ? "array" : typeof child });
      else visit(child, next.schemas, at);
    }
  };
  visit(body, branches(doc, schema), "");
  return found;
}
