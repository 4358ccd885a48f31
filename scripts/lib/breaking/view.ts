// A flattened view of a JSON Schema for comparing two versions: `$ref`s followed, `allOf` merged and
// `anyOf`/`oneOf` united into the set of JSON types, enum values, properties and required names a value
// may have. It is an approximation meant for the schemas of this API (open enums, union envelopes, object
// composition), not a general JSON Schema containment check.

export type Schema = Record<string, any>;

export interface View {
  /** JSON types allowed; null when any type is */
  types: Set<string> | null;
  /** the only values allowed; null when not limited to a list */
  enum: unknown[] | null;
  properties: Record<string, Schema>;
  required: Set<string>;
  items: Schema | null;
  additional: Schema | null;
  /** the schema of a string's decoded content (the SSE `data:` payload) */
  content: Schema | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Follows `$ref`s in `doc`; siblings of a `$ref` (a description) are kept over the target's. */
export function deref(doc: Schema, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current?.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`$ref loop at ${current.$ref}`);
    const { $ref, ...siblings } = current;
    const target = $ref.slice(2).split("/").map((s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at: any, key: string) => at?.[key], doc);
    if (target === undefined) throw new Error(`unresolvable $ref ${$ref}`);
    current = { ...target, ...siblings };
  }
  return current ?? {};
}

function ownView(s: Schema): View {
  const types = s.type === undefined ? null : new Set<string>(Array.isArray(s.type) ? s.type : [s.type]);
  return {
    types,
    enum: Array.isArray(s.enum) ? s.enum : "const" in s ? [s.const] : null,
    properties: { ...(s.properties ?? {}) },
    required: new Set(s.required ?? []),
    items: s.items && typeof s.items === "object" ? s.items : null,
    additional: s.additionalProperties && typeof s.additionalProperties === "object" ? s.additionalProperties : null,
    content: s.contentSchema ?? null,
  };
}

function intersectTypes(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Set([...a].filter((t) => b.has(t)));
  // integer values are numbers too
  if ((a.has("integer") && b.has("number")) || (a.has("number") && b.has("integer"))) out.add("integer");
  return out;
}

function intersect(a: View, b: View): View {
  const properties = { ...a.properties };
  for (const [name, schema] of Object.entries(b.properties)) {
    properties[name] = name in properties ? { allOf: [properties[name], schema] } : schema;
  }
  const both = (x: Schema | null, y: Schema | null) => (x && y ? { allOf: [x, y] } : x ?? y);
  return {
    types: intersectTypes(a.types, b.types),
    enum: a.enum && b.enum ? a.enum.filter((v) => b.enum!.some((w) => same(v, w))) : a.enum ?? b.enum,
    properties,
    required: new Set([...a.required, ...b.required]),
    items: both(a.items, b.items),
    additional: both(a.additional, b.additional),
    content: both(a.content, b.content),
  };
}

function unite(a: View, b: View): View {
  const properties: Record<string, Schema> = { ...a.properties };
  for (const [name, schema] of Object.entries(b.properties)) {
    properties[name] = name in properties ? { anyOf: [properties[name], schema] } : schema;
  }
  const either = (x: Schema | null, y: Schema | null) => (x && y ? { anyOf: [x, y] } : x ?? y);
  return {
    types: a.types && b.types ? new Set([...a.types, ...b.types]) : null,
    // A branch without a list (the plain string of an open enum) lets every value through.
    enum: a.enum && b.enum ? [...a.enum, ...b.enum.filter((v) => !a.enum!.some((w) => same(v, w)))] : null,
    properties,
    // A field is guaranteed only when every alternative requires it.
    required: new Set([...a.required].filter((n) => b.required.has(n))),
    items: either(a.items, b.items),
    additional: either(a.additional, b.additional),
    content: either(a.content, b.content),
  };
}

export function view(doc: Schema, schema: Schema, depth = 0): View {
  if (depth > 64) throw new Error("schema nesting too deep to compare");
  const s = deref(doc, schema);
  let out = ownView(s);
  for (const branch of s.allOf ?? []) out = intersect(out, view(doc, branch, depth + 1));
  for (const key of ["anyOf", "oneOf"]) {
    const branches: Schema[] = s[key] ?? [];
    if (branches.length) out = intersect(out, branches.map((b) => view(doc, b, depth + 1)).reduce(unite));
  }
  return out;
}
