// Writing an answer: at once, or paced as a real network paces it — a wait before the first byte, a pause between
// the frames of a stream — and, to test partial-stream handling, cut off after a number of frames. Timers stop
// when the client goes away.
import type { ServerResponse } from "node:http";
import type { ErrorReply } from "./errors.ts";
import type { Reply } from "./negotiate.ts";
import type { Pacing } from "./prefer.ts";

export const JSON_TYPE = "application/json; charset=utf-8";

/** An error body as a reply: the provider's JSON envelope with `common` headers (CORS). */
export function errorReply({ status, body, headers }: ErrorReply, common: Record<string, string>): Reply {
  const bytes = Buffer.from(JSON.stringify(body));
  return { status, headers: { ...common, "content-type": JSON_TYPE, "content-length": String(bytes.length), ...headers }, chunks: [bytes] };
}

const paced = (p: Pacing) => Boolean(p.delayMs || p.chunkDelayMs || p.dropAfter !== undefined);

export function send(res: ServerResponse, reply: Reply, pacing: Pacing = {}): void {
  if (!paced(pacing)) {
    res.writeHead(reply.status, reply.headers);
    const { chunks } = reply;
    for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i]);
    res.end(chunks.at(-1));
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  res.once("close", () => clearTimeout(timer));
  const later = (ms: number | undefined, then: () => void) => {
    if (!ms) return then();
    timer = setTimeout(then, ms);
  };
  const frame = (i: number) => {
    if (res.destroyed) return;
    if (pacing.dropAfter !== undefined && i >= pacing.dropAfter && i < reply.chunks.length) return void res.destroy();
    if (i >= reply.chunks.length) return void res.end();
    // The next step waits until this frame has left, so that a cut loses nothing already sent.
    res.write(reply.chunks[i], () => later(i + 1 < reply.chunks.length ? pacing.chunkDelayMs : 0, () => frame(i + 1)));
  };
  later(pacing.delayMs, () => {
    if (res.destroyed) return;
    res.writeHead(reply.status, reply.headers);
    // The status line and headers go out even when no frame will follow them.
    res.flushHeaders();
    if (pacing.dropAfter === 0) return void setImmediate(() => res.destroy());
    frame(0);
  });
}
