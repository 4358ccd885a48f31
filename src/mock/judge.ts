// Judging a request body: JSON, then valid against the wire bundle, then what it carries that the spec does not
// describe. Small bodies are judged on the mock's own thread (that is the fast path of every ordinary request);
// large ones on a worker thread, so that parsing 20 MB never holds up anybody else. Either way the cost is at
// most two passes over the body, whatever is wrong with it.
import { snakeCase } from "../proto-json.ts";
import { fieldPath, requestDrift, type RequestDrift } from "../request-walk.ts";
import { resolveRef } from "../validate.ts";
import { fieldViolations } from "./errors.ts";
import { requestValidators } from "./request-validators.ts";
import { moduleWorker, workerCalls } from "./thread.ts";

type Doc = Record<string, any>;

/** Bodies up to this size are judged on the mock's thread; larger ones on the judge's worker thread. */
export const INLINE_BYTES = 256 * 1024;
/** Invalid bodies up to this size are checked for every violation; larger ones only up to the first. */
export const THOROUGH_BYTES = 64 * 1024;
/** Field violations listed in a 400 at most (all are counted in its message). */
export const MAX_VIOLATIONS = 8;
/** Large bodies being judged at once; more are refused (503) until one is done. */
const MAX_PENDING = 8;
/** A judgement still running after this long is abandoned with its worker. */
const TIME_LIMIT_MS = 60_000;

export type Judgement =
  /** `unspecified`: required lists sent empty or null (Google refuses them: "contents is not specified") */
  | { ok: true; drift: RequestDrift[]; unspecified: string[] }
  | { ok: false; message: string; violations?: { field: string; description: string }[] };


/** Judges bodies on the calling thread (the worker uses this too). */
export function bodyJudge(wire: Doc, operationIds: string[]) {
  const validators = requestValidators(wire, operationIds);
  return (operationId: string, bytes: Uint8Array): Judgement => {
    const check = validators.get(operationId);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    let body: unknown = {};
    if (!/^\s*$/.test(text)) {
      try {
        body = JSON.parse(text);
      } catch (error) {
        return { ok: false, message: `Invalid JSON payload received. ${(error as Error).message}` };
      }
    }
    if (!check) return { ok: true, drift: [], unspecified: [] };
    let valid: boolean;
    try {
      valid = check.first(body) as boolean;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { ok: false, message: "Invalid JSON payload received. The body is nested too deeply." };
    }
    if (valid) return { ok: true, drift: requestDrift(wire, check.schema, body), unspecified: emptyRequired(wire, check.schema, body) };
    // Every violation of a small body, the first of a large one: one or two passes over the body at most.
    const thorough = bytes.byteLength <= THOROUGH_BYTES && check.every(body) === false;
    const { violations, total } = fieldViolations(thorough ? check.every.errors : check.first.errors, (at) => fieldPath(wire, check.schema, at), MAX_VIOLATIONS);
    const [first] = violations;
    let message = `Invalid JSON payload received. Invalid value at '${first?.field ?? "(body)"}': ${first?.description ?? "invalid"}`;
    if (!thorough) message += ` (the first violation found: a body over ${THOROUGH_BYTES / 1024} KB is not checked further)`;
    else if (total > 1) message += ` (and ${total - 1} more; ${total > MAX_VIOLATIONS ? `the first ${violations.length} are` : "each is"} in details)`;
    return { ok: false, message, violations };
  };
}

/** Required top-level fields sent as null or an empty list: the wire bundle takes them, Google does not. */
function emptyRequired(wire: Doc, schema: unknown, body: unknown): string[] {
  if (!body || typeof body !== "object") return [];
  const required: string[] = resolveRef(wire, schema)?.required ?? [];
  return required.filter((name) => {
    const value = (body as Doc)[name];
    return value === null || (Array.isArray(value) && value.length === 0);
  }).map(snakeCase);
}

export interface Judge {
  judge(operationId: string, bytes: Buffer): Judgement | Promise<Judgement>;
  close(): Promise<void>;
}

/** `wirePath` is the file of the wire bundle, which the worker reads itself. */
export function createJudge(wire: Doc, wirePath: string, operationIds: string[]): Judge {
  const inline = bodyJudge(wire, operationIds);
  const calls = workerCalls<{ operationId: string; bytes: Uint8Array }, Judgement>(
    () => moduleWorker(import.meta.url, "judge-worker", { wirePath, operationIds }),
    { what: "request body check", maxPending: MAX_PENDING, timeLimitMs: TIME_LIMIT_MS });
  return {
    judge(operationId, bytes) {
      if (bytes.byteLength <= INLINE_BYTES) return inline(operationId, bytes);
      // A copy the worker owns (the request's buffer may be a slice of a pooled one).
      const copy = new Uint8Array(bytes);
      return calls.call({ operationId, bytes: copy }, [copy.buffer]);
    },
    close: () => calls.close(),
  };
}
