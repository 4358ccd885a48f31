// Turns a streamGenerateContent response into chunks, each handed over as soon as its frame is complete.
// A hand-written iterator rather than an async generator: frames that arrived together are handed out as
// already-settled promises, which costs each chunk less than a generator's yield (and its implied await) did.
import { createParser, type EventSourceParser } from "eventsource-parser";
import { clientError, errorFromValue, isObject, reportsError, type Scope } from "./errors.ts";
import { type Deadline, readText, tooLarge } from "./limits.ts";

const DONE = { done: true, value: undefined } as const;

/**
 * `open` sends the request when iteration starts, so an unconsumed stream never sends nor fails unobserved.
 * The timeout of the call `start` begins bounds each wait on the network (for the answer, then for each next
 * piece of it), not the stream as a whole; `max` bounds each event, and the body when it is one JSON array.
 */
export function readStream(scope: Scope, max: number, start: () => Deadline, open: (signal: AbortSignal) => Promise<Response>): AsyncIterableIterator<any> {
  let call: Deadline | undefined;
  let status = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let parser: EventSourceParser | undefined;
  const decoder = new TextDecoder();
  /** Chunks received, parsed and checked, not yet handed over. */
  const chunks: unknown[] = [];
  let at = 0;
  /** The error a frame raised: thrown once the chunks before it have been handed over. */
  let broken: unknown;
  /** Bytes since the last complete event: what the parser may be holding, one line or one event. */
  let pending = 0;
  /** 0 while reading, 1 once the body has been read to its end, 2 once nothing more will be handed over. */
  let stage = 0;
  /** The fill in progress: a next() called meanwhile waits for it. */
  let busy: Promise<IteratorResult<any>> | undefined;

  const close = () => {
    stage = 2;
    call?.end();
    // Stops the download when the caller leaves early or an error ended the stream.
    reader?.cancel().catch(() => {});
  };
  /** Queues a chunk, or the error it is; nothing after an error. */
  const take = (chunk: unknown) => {
    if (broken) return;
    if (!isObject(chunk)) broken = clientError(scope, status, "DATA_LOSS", "stream frame is not a JSON object", chunk);
    // An {"error": …} chunk (Google's mid-stream failure) ends the stream as the error it reports.
    else if (reportsError(chunk)) broken = errorFromValue(scope, status, chunk);
    else chunks.push(chunk);
  };
  const parse = (data: string, what: string) => {
    try {
      return JSON.parse(data) as unknown;
    } catch {
      throw clientError(scope, status, "DATA_LOSS", what, data);
    }
  };

  async function fill(): Promise<IteratorResult<any>> {
    try {
      if (!call) {
        call = start();
        call.arm();
        const res = await open(call.signal);
        status = res.status;
        // Without SSE (alt=json, or a server that ignores alt) the body is one JSON array of chunks.
        if (!res.headers.get("content-type")?.includes("event-stream")) {
          const body = parse(await readText(scope, res, max), "stream body is not JSON");
          call.disarm();
          (Array.isArray(body) ? body : [body]).forEach(take);
          stage = 1;
        } else {
          reader = res.body?.getReader();
          parser = createParser({
            onEvent: ({ data }) => {
              // A frame still open at the end was cut off: its JSON is incomplete unless only the blank line was missing.
              if (data !== "[DONE]" && !broken) {
                try {
                  take(parse(data, stage ? "stream ended in the middle of a frame" : "stream frame is not JSON"));
                } catch (error) {
                  broken = error;
                }
              }
            },
          });
        }
      }
      while (at === chunks.length) {
        if (broken) throw broken;
        if (stage || !reader) return close(), DONE;
        chunks.length = at = 0;
        call.arm();
        const { done, value } = await reader.read();
        call.disarm();
        if (done) {
          stage = 1;
          parser!.feed(`${decoder.decode()}\n\n`);
        } else {
          parser!.feed(decoder.decode(value, { stream: true }));
          pending = chunks.length ? 0 : pending + value.byteLength;
          if (pending > max) throw tooLarge(scope, status, max, "stream event");
        }
      }
      return { done: false, value: chunks[at++] };
    } catch (cause) {
      const error = call ? call.fail(cause) : cause;
      close();
      throw error;
    }
  }

  const next = (): Promise<IteratorResult<any>> =>
    busy ? busy.then(next, next)
    : at < chunks.length ? Promise.resolve({ done: false, value: chunks[at++] })
    : stage === 2 ? Promise.resolve(DONE)
    : (busy = fill().finally(() => (busy = undefined)));
  const iterator = {
    next,
    return: () => (stage === 2 || close(), Promise.resolve(DONE)),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
