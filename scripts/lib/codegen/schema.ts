// The JSON Schema quicktype generates models from: a bundle's `components.schemas` (the request and response
// of every operation the bundle serves and its error envelope, with everything they reach), prepared so the
// generated code is tidy:
//   - each schema gets its component name as `title`, so classes are named `Content`, `Part`, … rather than
//     after the first property that led to them;
//   - a `$ref`'s sibling description is dropped: quicktype reads `{$ref, description}` as a new type and
//     would emit one copy of the class per place it is used.
import { resolveRef } from "../../../src/validate.ts";
import { mapSchema } from "../schema-walk.ts";

type Schema = Record<string, any>;

/** The top-level types generated for a bundle, named after the components the operations point to. */
export interface CodegenRoots {
  /** per operation the bundle serves: its request body's type (when it takes one) and its 200 answer's (a JSON stream's: one element's) */
  operations: Record<string, { request?: string; response: string }>;
  /** the type of every error answer */
  error: string;
}

const PREFIX = "#/components/schemas/";
const METHODS = ["get", "put", "post", "delete", "patch"];
const JSON_TYPE = "application/json";

/** The component a schema points to; a JSON stream's array points to it through `items`. */
function componentOf(schema: Schema | undefined, what: string): string {
  const ref = schema?.$ref ?? schema?.items?.$ref;
  if (typeof ref !== "string" || !ref.startsWith(PREFIX)) throw new Error(`codegen: ${what} is not a $ref to a component schema`);
  return ref.slice(PREFIX.length);
}

/** The request, response and error types of every operation of the bundle. */
export function codegenRoots(doc: Schema): CodegenRoots {
  const operations: CodegenRoots["operations"] = {};
  const errors = new Set<string>();
  for (const item of Object.values<Schema>(doc.paths ?? {})) {
    for (const op of METHODS.map((m) => item[m]).filter(Boolean)) {
      const id: string = op.operationId;
      const request = resolveRef(doc, op.requestBody)?.content?.[JSON_TYPE]?.schema;
      operations[id] = {
        ...(request ? { request: componentOf(request, `${id}'s request body`) } : {}),
        response: componentOf(resolveRef(doc, op.responses?.["200"])?.content?.[JSON_TYPE]?.schema, `${id}'s 200 answer`),
      };
      for (const [status, response] of Object.entries<Schema>(op.responses ?? {})) {
        if (status === "default" || Number(status) >= 400) errors.add(componentOf(resolveRef(doc, response)?.content?.[JSON_TYPE]?.schema, `${id}'s ${status} answer`));
      }
    }
  }
  if (errors.size !== 1) throw new Error(`codegen: the operations' errors should share one envelope, not ${[...errors].join(", ") || "none"}`);
  return { operations, error: [...errors][0] };
}

/** Every root type, sorted: what quicktype generates a top-level type for. */
export const rootTypes = (roots: CodegenRoots): string[] =>
  [...new Set([...Object.values(roots.operations).flatMap((o) => [o.request, o.response]), roots.error].filter((n): n is string => !!n))].sort();

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
export function codegenSchema(doc: Schema, roots: readonly string[]): Schema {
  const all: Record<string, Schema> = doc.components?.schemas ?? {};
  for (const root of roots) if (!all[root]) throw new Error(`the bundle has no components.schemas.${root}`);
  const names = [...reachable(all, roots)].sort();
  const schemas = Object.fromEntries(names.map((name) => [name,
    { title: name, ...mapSchema(all[name], (s: Schema) => (typeof s.$ref === "string" ? { $ref: s.$ref } : s)) }]));
  return { components: { schemas } };
}
