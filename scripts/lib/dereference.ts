// Derives openapi.dereferenced.json from a canonical bundle, for tools that cannot follow `$ref`: every
// reference is replaced by the object it points at, and the components that were inlined are dropped.
// Recursive schemas cannot be inlined (Google's `Schema` holds `Schema`s: the document would be infinite,
// and JSON cannot hold a cycle), so the schemas that take part in a cycle stay in `components.schemas`
// and are still referred to by `$ref`, the only references left. A tool that cannot follow them at all
// can stop there: they only describe JSON-Schema-like values (function parameters, response schemas).

type Json = Record<string, any>;
const SCHEMA_PREFIX = "#/components/schemas/";

const unescape = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");

function target(doc: Json, ref: string): unknown {
  const found = ref.slice(2).split("/").map(unescape).reduce<any>((at, key) => at?.[key], doc);
  if (found === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return found;
}

/** Local `$ref`s found in a value, without following them. */
function refsIn(node: unknown, out = new Set<string>()): Set<string> {
  if (!node || typeof node !== "object") return out;
  if (Array.isArray(node)) {
    for (const item of node) refsIn(item, out);
    return out;
  }
  const ref = (node as Json).$ref;
  if (typeof ref === "string") out.add(ref);
  for (const [key, value] of Object.entries(node)) if (key !== "$ref") refsIn(value, out);
  return out;
}

/** Names of the component schemas that can reach themselves through references. */
export function recursiveSchemaNames(doc: Json): Set<string> {
  const schemas: Json = doc.components?.schemas ?? {};
  const edges = new Map(Object.entries(schemas).map(([name, schema]) => [name,
    [...refsIn(schema)].filter((r) => r.startsWith(SCHEMA_PREFIX)).map((r) => r.slice(SCHEMA_PREFIX.length))]));
  const reaches = (from: string, goal: string) => {
    const seen = new Set<string>();
    const stack = [...(edges.get(from) ?? [])];
    while (stack.length) {
      const name = stack.pop()!;
      if (name === goal) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(edges.get(name) ?? []));
    }
    return false;
  };
  return new Set([...edges.keys()].filter((name) => reaches(name, name)));
}

/** The dereferenced variant of a bundle (the input is not modified). */
export function dereference(doc: Json): Json {
  const keep = new Set([...recursiveSchemaNames(doc)].map((name) => SCHEMA_PREFIX + name));
  const resolved = new Map<string, unknown>();

  const inline = (node: unknown): unknown => {
    if (!node || typeof node !== "object") return node;
    if (Array.isArray(node)) return node.map(inline);
    const { $ref, ...siblings } = node as Json;
    const rest = Object.fromEntries(Object.entries(siblings).map(([k, v]) => [k, inline(v)]));
    if (typeof $ref !== "string") return rest;
    if (!$ref.startsWith("#/")) throw new Error(`external $ref ${$ref} in a bundle`);
    if (keep.has($ref)) return { $ref, ...rest };
    if (!resolved.has($ref)) resolved.set($ref, inline(target(doc, $ref)));
    // Siblings of a $ref (a description, `deprecated`) say something about this use, so they win.
    return { ...(resolved.get($ref) as Json), ...rest };
  };

  const out = inline(doc) as Json;
  const schemas = Object.fromEntries([...keep].map((ref) => [ref.slice(SCHEMA_PREFIX.length), out.components.schemas[ref.slice(SCHEMA_PREFIX.length)]]));
  const { securitySchemes } = out.components;
  out.components = { ...(securitySchemes ? { securitySchemes } : {}), ...(keep.size ? { schemas } : {}) };
  out["x-gemini-variant"] = "dereferenced";
  return out;
}
