// The JSON Schema quicktype generates models from: a bundle's `components.schemas` (the request, the
// response and the error envelope, with everything they reach), prepared so the generated code is tidy:
//   - each schema gets its component name as `title`, so classes are named `Content`, `Part`, … rather than
//     after the first property that led to them;
//   - a `$ref`'s sibling description is dropped: quicktype reads `{$ref, description}` as a new type and
//     would emit one copy of the class per place it is used.
import { mapSchema } from "../schema-walk.ts";

type Schema = Record<string, any>;

/** The top-level types generated for every provider: what a client sends, receives, and fails with. */
export const ROOTS = ["GenerateContentRequest", "GenerateContentResponse", "ErrorResponse"] as const;
export type RootType = (typeof ROOTS)[number];

const PREFIX = "#/components/schemas/";

function reachable(schemas: Record<string, Schema>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const ref = (node as Schema).$ref;
    if (typeof ref === "string" && ref.startsWith(PREFIX)) {
      const name = ref.slice(PREFIX.length);
      if (!seen.has(name)) {
        seen.add(name);
        visit(schemas[name]);
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== "$ref") visit(value);
  };
  for (const root of roots) visit({ $ref: PREFIX + root });
  return seen;
}

/** `{ components: { schemas } }` holding the roots and what they reach, ready for quicktype. */
export function codegenSchema(doc: Schema): Schema {
  const all: Record<string, Schema> = doc.components?.schemas ?? {};
  const names = [...reachable(all, ROOTS)].sort();
  for (const root of ROOTS) if (!all[root]) throw new Error(`the bundle has no components.schemas.${root}`);
  const schemas = Object.fromEntries(names.map((name) => [name,
    { title: name, ...mapSchema(all[name], (s: Schema) => (typeof s.$ref === "string" ? { $ref: s.$ref } : s)) }]));
  return { components: { schemas } };
}
