// Reads a request body up to Google's request size limit, undoing a gzip/deflate/br Content-Encoding.
import type { IncomingMessage } from "node:http";
import zlib from "node:zlib";

/** Google refuses requests over 20 MB ("Request payload size exceeds the limit: 20971520 bytes."). */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

const decoders: Record<string, (b: Buffer, o: zlib.ZlibOptions) => Buffer> = {
  gzip: zlib.gunzipSync,
  "x-gzip": zlib.gunzipSync,
  deflate: zlib.inflateSync,
  br: zlib.brotliDecompressSync as (b: Buffer, o: zlib.ZlibOptions) => Buffer,
};

/** Calls `done` once with the body, or with why there is none to use. */
export function readBody(req: IncomingMessage, done: (result: BodyResult) => void, limit = MAX_BODY_BYTES): void {
  const tooLarge = { ok: false as const, message: `Request payload size exceeds the limit: ${limit} bytes.` };
  let settled = false;
  const finish = (result: BodyResult) => {
    if (settled) return;
    settled = true;
    done(result);
  };
  // Refuse early when the length is announced; otherwise keep reading (and dropping) to the end, so the
  // reply is not sent while the client is still writing.
  if (Number(req.headers["content-length"]) > limit) {
    req.resume();
    req.on("end", () => finish(tooLarge)).on("error", () => finish(tooLarge));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  req.on("error", () => finish({ ok: false, message: "The request body could not be read." }));
  req.on("end", () => {
    if (size > limit) return finish(tooLarge);
    let bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const encoding = String(req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
    if (encoding !== "identity" && encoding !== "") {
      const decode = decoders[encoding];
      if (!decode) return finish({ ok: false, message: `Unsupported Content-Encoding: ${encoding}.` });
      try {
        bytes = decode(bytes, { maxOutputLength: limit });
      } catch {
        return finish({ ok: false, message: `The body is not valid ${encoding} data, or it expands beyond ${limit} bytes.` });
      }
    }
    finish({ ok: true, bytes });
  });
}
