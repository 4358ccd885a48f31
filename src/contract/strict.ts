// A strict copy of a bundle for the drift pass: the published schemas stay open on purpose (Google adds
// fields and enum values all the time), so this copy closes them — every object with declared properties
// refuses others, and every open enum refuses values it does not list. What only the strict copy rejects is
// drift: real traffic the spec does not describe yet.
type Node = Record<string, any>;

const SCHEMAS = "#/components/schemas/";
const STRICT = "#/components/x-strict-schemas/";

/** `anyOf: [{enum: […]}, {type: string}]`: the spec's way of listing known values while accepting new ones. */
function openEnumBranch(schema: Node): Node | undefined {
  const union: Node[] | undefined = schema.anyOf;
  if (!Array.isArray(union) || union.length !== 2) return undefined;
  const listed = union.find((b) => Array.isArray(b?.enum));
  const fallback = union.find((b) => b !== listed && b?.type === "string" && !b.enum && !b.$ref && !b.pattern);
  return listed && fallback ? listed : undefined;
}

/**
 * The strict form of a schema. A union keeps its meaning but picks its branch with the published (open)
 * schema — `if` canonical branch 1 `then` strict branch 1 `else` … — so the report names the fields of the
 * branch the value belongs to, not the complaints of every branch it does not.
 */
function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (!schema || typeof schema !== "object") return schema;
  const node = schema as Node;
  if (typeof node.$ref === "string" && node.$ref.startsWith(SCHEMAS)) {
    return { ...node, $ref: STRICT + node.$ref.slice(SCHEMAS.length) };
  }
  const listed = openEnumBranch(node);
  if (listed) {
    const { anyOf: _dropped, ...rest } = node;
    return { ...rest, ...listed };
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" || key === "$defs" || key === "patternProperties") {
      out[key] = Object.fromEntries(Object.entries(value as Node).map(([k, v]) => [k, strictSchema(v)]));
    } else if (["items", "additionalProperties", "contentSchema", "then", "else"].includes(key) && value && typeof value === "object") {
      out[key] = strictSchema(value);
    } else if (key === "allOf" || key === "prefixItems") {
      out[key] = (value as unknown[]).map(strictSchema);
    } else if (key === "anyOf" || key === "oneOf") {
      continue;
    } else {
      // `not`, `if`, examples and annotations keep their published form
      out[key] = value;
    }
  }
  const union: unknown[] | undefined = node.anyOf ?? node.oneOf;
  if (union) {
    const chain = union.reduceRight<unknown>((otherwise, branch) => ({ if: branch, then: strictSchema(branch), else: otherwise }), false);
    out.allOf = [...(out.allOf ?? []), chain];
  }
  if (node.properties && node.additionalProperties === undefined && node.unevaluatedProperties === undefined) {
    out.unevaluatedProperties = false;
  }
  return out;
}

/** Rewrites the schemas a document's operations and responses use into their strict form. */
function strictOperations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictOperations);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(Object.entries(node as Node).map(([key, value]) => [key,
    key === "schema" || key === "x-itemSchema" ? strictSchema(value)
      : key === "examples" || key === "example" ? value
        : strictOperations(value)]));
}

/** The strict copy of a bundle: addressable exactly like the bundle with createValidators. */
export function strictDocument(doc: Node): Node {
  const components = doc.components ?? {};
  return {
    ...doc,
    paths: strictOperations(doc.paths),
    components: {
      ...components,
      responses: strictOperations(components.responses),
      schemas: components.schemas,
      "x-strict-schemas": Object.fromEntries(Object.entries<unknown>(components.schemas ?? {}).map(([name, s]) => [name, strictSchema(s)])),
    },
  };
}
