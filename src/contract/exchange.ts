// One HTTP exchange as it went over the wire (the live suite's capturing fetch and the mock's proxy both see
// them this way), and the cassette it is recorded as.
import { sseFrames } from "../validate.ts";
import type { Cassette, Operation } from "./cassette.ts";

export interface Exchange {
  url: URL;
  method: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  text: string;
  /** why the body stopped before its end, if it did */
  interrupted?: string;
}

// Headers that describe one connection, not the response; a replay writes its own.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);
const endToEnd = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));

const parse = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The exchange as a cassette (not yet redacted: the recorder does that before writing). */
export function exchangeCassette(provider: string, operation: Operation, x: Exchange, origin: string, check?: string): Cassette {
  const sse = (x.responseHeaders["content-type"] ?? "").includes("event-stream");
  return {
    provider,
    operation,
    source: "recorded",
    origin,
    ...(check ? { check } : {}),
    request: {
      method: x.method,
      path: x.url.pathname,
      query: Object.fromEntries(x.url.searchParams),
      headers: x.requestHeaders,
      body: x.requestBody ? parse(x.requestBody) : null,
    },
    response: { status: x.status, headers: endToEnd(x.responseHeaders), ...(sse ? { sseEvents: sseFrames(x.text).map(parse) } : { body: x.text === "" ? "" : parse(x.text) }) },
  };
}
