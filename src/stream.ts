// Turns a streamGenerateContent response into chunks, each yielded as soon as its frame is complete.
import { createParser } from "eventsource-parser";
import { clientError, errorFromValue, isObject, reportsError, type Scope } from "./errors.ts";
import { type Deadline, readText, tooLarge } from "./limits.ts";

/**
 * `open` sends the request when iteration starts, so an unconsumed stream never sends nor fails unobserved.
 * The timeout of the call `start` begins bounds each wait on the network (for the answer, then for each next piece of it), not the
 * stream as a whole; `max` bounds each event, and the body when it is one JSON array instead of SSE.
 */
export async function* readStream(scope: Scope, max: number, start: () => Deadline, open: (signal: AbortSignal) => Promise<Response>): AsyncGenerator<any> {
  const call = start();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let complete = false;
  try {
    call.arm();
    const res = await open(call.signal);
    const parse = (data: string, broken: string) => {
      try {
        return JSON.parse(data) as unknown;
      } catch {
        throw clientError(scope, res.status, "DATA_LOSS", broken, data);
      }
    };
    const checked = (chunk: unknown) => {
      if (!isObject(chunk)) throw clientError(scope, res.status, "DATA_LOSS", "stream frame is not a JSON object", chunk);
      // An {"error": …} chunk (Google's mid-stream failure) ends the stream as the error it reports.
      if (reportsError(chunk)) throw errorFromValue(scope, res.status, chunk);
      return chunk;
    };

    // Without SSE (alt=json, or a server that ignores alt) the body is one JSON array of chunks.
    if (!res.headers.get("content-type")?.includes("event-stream")) {
      const body = parse(await readText(scope, res, max), "stream body is not JSON");
      call.disarm();
      for (const chunk of Array.isArray(body) ? body : [body]) yield checked(chunk);
      complete = true;
      return;
    }

    const frames: string[] = [];
    const parser = createParser({ onEvent: (event) => event.data !== "[DONE]" && frames.push(event.data) });
    const decoder = new TextDecoder();
    // Bytes since the last complete event: what the parser may be holding, one line or one event.
    let pending = 0;
    reader = res.body?.getReader();
    while (reader) {
      call.arm();
      const { done, value } = await reader.read();
      call.disarm();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      pending = frames.length ? 0 : pending + value.byteLength;
      if (pending > max) throw tooLarge(scope, res.status, max, "stream event");
      while (frames.length) yield checked(parse(frames.shift()!, "stream frame is not JSON"));
    }
    // A frame still open at the end was cut off: its JSON is incomplete unless only the blank line is missing.
    parser.feed(`${decoder.decode()}\n\n`);
    for (const data of frames) yield checked(parse(data, "stream ended in the middle of a frame"));
    complete = true;
  } catch (cause) {
    throw call.fail(cause);
  } finally {
    call.end();
    // Stop the download when the caller leaves early or an error frame ended the stream.
    if (!complete) await reader?.cancel().catch(() => {});
  }
}
