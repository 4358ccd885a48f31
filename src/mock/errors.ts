// Error bodies in the provider's own shape. Each starts from an example in the provider's document (so the
// envelope is exactly what the spec shows) and only the message and details are replaced by what went
// wrong with this request.
import type { ErrorObject } from "ajv";

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

/**
 * The most useful Ajv errors as field violations, at most `limit`, and how many distinct ones there were. The wire
 * schemas are full of `anyOf` (each field also accepts null, a single item for a list, a number as a string, a
 * new enum name…), so one bad value yields several errors: an error inside a value explains the errors about
 * the value as a whole (the other branches), and at one place the most specific complaint wins. Linear in the
 * number of errors: each is compared with sets, never with every other one.
 */
export function fieldViolations(errors: ErrorObject[] | null | undefined, name: (instancePath: string) => string, limit = 8):
  { violations: { field: string; description: string }[]; total: number } {
  const located = (errors ?? [])
    .filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf" && e.keyword !== "allOf")
    .map((e) => ({ at: e.keyword === "required" ? `${e.instancePath}/${(e.params as Doc).missingProperty}` : e.instancePath, error: e }));
  const hasDeeper = new Set<string>();
  for (const { at } of located) {
    for (let cut = at.lastIndexOf("/"); cut > 0; cut = at.lastIndexOf("/", cut - 1)) hasDeeper.add(at.slice(0, cut));
    if (at) hasDeeper.add("");
  }
  const byPlace = new Map<string, ErrorObject[]>();
  for (const { at, error } of located) {
    if (hasDeeper.has(at)) continue;
    const list = byPlace.get(at);
    if (list) list.push(error);
    else byPlace.set(at, [error]);
  }
  const violations: { field: string; description: string }[] = [];
  for (const [at, list] of byPlace) {
    if (violations.length >= limit) break;
    const field = name(at) || "(body)";
    for (const description of new Set(mostSpecific(list).map(describe))) {
      if (violations.length < limit) violations.push({ field, description });
    }
  }
  return { violations, total: byPlace.size };
}

// At one place: a listed enum beats the widened forms (an enum number, a new enum name); the declared type beats
// the pattern of its string form (a number also taken as a decimal string); anything beats "must be null" (null
// is only the widening that lets protobuf-JSON clients send it for unset fields).
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
  const enums = errors.filter((e) => e.keyword === "enum");
  if (enums.length) return enums;
  const isNull = (e: ErrorObject) => e.keyword === "type" && (e.params as Doc).type === "null";
  const types = errors.filter((e) => e.keyword === "type" && !isNull(e));
  const kept = types.length ? errors.filter((e) => e.keyword !== "pattern" && !isNull(e)) : errors.filter((e) => !isNull(e));
  return kept.length ? kept : errors;
}

function describe(e: ErrorObject): string {
  const p = e.params as Doc;
  switch (e.keyword) {
    case "required": return `${p.missingProperty} is required`;
    case "type": return `must be ${Array.isArray(p.type) ? p.type.join(" or ") : p.type}`;
    case "enum": return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    // The only `not` in request schemas is Schema's rule, in Google's words.
    case "not": return "type: must be specified when not using one_of, any_of or all_of fields";
    default: return e.message ?? e.keyword;
  }
}
