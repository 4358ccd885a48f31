// What one call may cost: bytes of an answer (maxResponseBytes) and time (timeout). Defaults and reasons are in
// README.md ("TypeScript client").
import { clientError, failure, type Scope } from "./errors.ts";

/** A 4K image inline is at most 85 MiB of base64 (an uncompressed RGBA PNG: 4096 × 4096 × 4 bytes × 4/3), with room to spare. */
export const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;
/** The longest string V8 makes; a body decoded into text can never be longer. */
export const LONGEST_STRING = 2 ** 29 - 24;
/** Ten minutes, the default of OpenAI's SDKs: room for a slow unary answer, short of forever. */
export const TIMEOUT = 10 * 60 * 1000;

export const tooLarge = (scope: Scope, status: number, max: number, what = "response body") =>
  clientError(scope, status, "RESOURCE_EXHAUSTED", `${what} is larger than maxResponseBytes (${max} bytes)`);

/**
 * The signal one call is sent with. It fires with the caller's own reason when the caller's signal does, and with
 * a DEADLINE_EXCEEDED GeminiApiError when `ms` pass while armed (0 or Infinity: never). `fail` turns whatever
 * the call threw into the error to throw.
 */
export function deadline(scope: Scope, ms: number, caller?: AbortSignal | null) {
  const controller = new AbortController();
  const forward = () => controller.abort(caller!.reason);
  if (caller?.aborted) forward();
  else caller?.addEventListener("abort", forward);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const disarm = () => clearTimeout(timer);
  return {
    signal: controller.signal,
    arm() {
      disarm();
      if (ms > 0 && ms < 2 ** 31) timer = setTimeout(() => controller.abort(clientError(scope, 0, "DEADLINE_EXCEEDED", `timed out (timeout: ${ms} ms)`)), ms);
    },
    disarm,
    end() {
      disarm();
      caller?.removeEventListener("abort", forward);
    },
    fail: (cause: unknown) => failure(scope, cause, controller.signal),
  };
}
export type Deadline = ReturnType<typeof deadline>;

const decoder = new TextDecoder();

/** The whole body, given up as soon as it passes `max` bytes (decoded bytes: fetch inflates gzip on the way). */
export async function readBody(scope: Scope, res: Response, max: number): Promise<Uint8Array> {
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // A declared length over the limit fails before the first byte is read.
  let over = Number(res.headers.get("content-length")) > max;
  while (reader && !over) {
    const { done, value } = await reader.read();
    if (done) break;
    over = (size += value.byteLength) > max;
    chunks.push(value);
  }
  if (over) {
    reader?.cancel().catch(() => {});
    throw tooLarge(scope, res.status, max);
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  for (let i = 0, at = 0; i < chunks.length; at += chunks[i++].byteLength) body.set(chunks[i], at);
  return body;
}

export const readText = async (scope: Scope, res: Response, max: number) => decoder.decode(await readBody(scope, res, max));

/** A streamed body (SSE read through the typed client) counted the same way as it is read, ending `call` with it. */
export function bounded(scope: Scope, res: Response, max: number, call: Deadline): Response {
  const reader = res.body?.getReader();
  if (!reader) return call.end(), res;
  let size = 0;
  return new Response(new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) return call.end(), controller.close();
        if ((size += value.byteLength) > max) throw tooLarge(scope, res.status, max);
        controller.enqueue(value);
      } catch (cause) {
        controller.error(call.fail(cause));
        call.end();
        reader.cancel().catch(() => {});
      }
    },
    cancel: (reason) => (call.end(), reader.cancel(reason)),
  }), res);
}

/**
 * The most pages listAllModels asks for: Google's list holds a few hundred models at most, so even at one model a
 * page this is far more than a real list, and it stops a server whose pages never end.
 */
export const MAX_PAGES = 1000;
