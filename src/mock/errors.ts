// Error bodies in the provider's own shape. Each starts from an example in the provider's document (so the
// envelope is exactly what the spec shows) and only the message and details are replaced by what went
// wrong with this request.
import type { ErrorObject } from "ajv";
import { snakeCase } from "../proto-json.ts";

type Doc = Record<string, any>;

export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** An example of a shared response (`BadRequest`, `NotFound`, …): by name, or the first in the wanted shape. */
export function responseExample(doc: Doc, response: string, pick: { name?: string; shape?: "google" | "gateway" }): unknown {
  const examples: Doc = doc.components?.responses?.[response]?.content?.["application/json"]?.examples ?? {};
  for (const [name, example] of Object.entries<Doc>(examples)) {
    if (pick.name && name !== pick.name) continue;
    const shape = example["x-error-shape"] ?? (example.value?.error?.status ? "google" : "gateway");
    if (pick.shape && shape !== pick.shape) continue;
    return structuredClone(example.value);
  }
  return undefined;
}

/**
 * A `google.rpc.Status` envelope built on `template` (an example body of the same kind), with this code,
 * status and message. Details are replaced when given and dropped otherwise: a template's details describe
 * the template's failure, not this one.
 */
export function googleError(template: unknown, code: number, status: string, message: string, details?: unknown[]): unknown {
  const error = { ...((template as Doc | undefined)?.error ?? {}), code, message, status };
  if (details?.length) error.details = details;
  else delete error.details;
  return { error };
}

/** A BadRequest detail naming each offending field, as Google sends with INVALID_ARGUMENT. */
export function badRequestDetail(violations: { field: string; description: string }[]) {
  return { "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: violations };
}

/** `/contents/0/parts` → `contents[0].parts`, with proto (snake_case) names as Google reports them. */
export function fieldPath(instancePath: string): string {
  return instancePath.split("/").slice(1).reduce((path, segment) => {
    const name = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(name)) return `${path}[${name}]`;
    return path ? `${path}.${snakeCase(name)}` : snakeCase(name);
  }, "");
}

/**
 * The few most useful Ajv errors as field violations. The wire schemas are full of `anyOf` (each field also
 * accepts null, a single item for a list, a number as a string…), so one bad value yields many errors.
 */
export function fieldViolations(errors: ErrorObject[] | null | undefined, limit = 8): { field: string; description: string }[] {
  const located = (errors ?? [])
    .filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf" && e.keyword !== "allOf")
    .map((e) => ({
      at: e.keyword === "required" ? `${e.instancePath}/${(e.params as Doc).missingProperty}` : e.instancePath,
      description: describe(e),
      isNull: e.keyword === "type" && (e.params as Doc).type === "null",
    }));
  // An error inside a value explains the errors about the value as a whole (the other anyOf branches), and
  // "must be null" is only the widening that lets protobuf-JSON clients send null for unset fields.
  const kept = located.filter((e) => !located.some((o) => o.at.startsWith(`${e.at}/`)))
    .filter((e) => !e.isNull || located.every((o) => o.at !== e.at || o.isNull));
  const seen = new Set<string>();
  const out: { field: string; description: string }[] = [];
  for (const e of kept) {
    const field = fieldPath(e.at) || "(body)";
    const key = `${field} ${e.description}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, description: e.description });
    if (out.length >= limit) break;
  }
  return out;
}

function describe(e: ErrorObject): string {
  const p = e.params as Doc;
  switch (e.keyword) {
    case "required": return `${p.missingProperty} is required`;
    case "type": return `must be ${Array.isArray(p.type) ? p.type.join(" or ") : p.type}`;
    case "enum": return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    default: return e.message ?? e.keyword;
  }
}
