// Turns a streamGenerateContent response into chunks, each yielded as soon as its frame is complete.
import { createParser } from "eventsource-parser";
import { errorFromBody, GeminiApiError, networkError, redact, reportsError } from "./errors.ts";

/** `open` sends the request when iteration starts, so an unconsumed stream never sends nor fails unobserved. */
export async function* readStream(provider: string, open: () => Promise<Response>, key: string): AsyncGenerator<any> {
  const res = await open();
  const parse = (data: string, broken: string) => {
    try {
      return JSON.parse(data);
    } catch {
      throw new GeminiApiError(provider, res.status, "DATA_LOSS", `${provider}: ${broken}`, redact(data, key));
    }
  };
  // An {"error": …} chunk (Google's mid-stream failure) ends the stream as the error it reports.
  const checked = (chunk: any) => {
    if (reportsError(chunk)) throw errorFromBody(provider, res.status, redact(JSON.stringify(chunk), key));
    return chunk;
  };

  // Without SSE (alt=json, or a server that ignores alt) the body is one JSON array of chunks.
  if (!res.headers.get("content-type")?.includes("event-stream")) {
    const body = parse(await res.text(), "stream body is not JSON");
    for (const chunk of Array.isArray(body) ? body : [body]) yield checked(chunk);
    return;
  }

  const frames: string[] = [];
  const parser = createParser({ onEvent: (event) => event.data !== "[DONE]" && frames.push(event.data) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let complete = false;
  try {
    for (;;) {
      const { done, value } = await reader.read().catch((cause) => Promise.reject(networkError(provider, cause, key)));
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (frames.length) yield checked(parse(frames.shift()!, "stream frame is not JSON"));
    }
    // A frame still open at the end was cut off: its JSON is incomplete unless only the blank line is missing.
    parser.feed(`${decoder.decode()}\n\n`);
    for (const data of frames) yield checked(parse(data, "stream ended in the middle of a frame"));
    complete = true;
  } finally {
    // Stop the download when the caller leaves early or an error frame ended the stream.
    if (!complete) await reader.cancel().catch(() => {});
  }
}
