// The validating proxy (`mock --proxy <upstream>`): each request goes on to the real provider with the caller's
// own credentials, and the answer comes back unchanged and unbuffered — a stream's first event reaches the
// caller before the upstream has finished. Beside it, the proxy checks the request and the answer (every event of
// a stream) against the provider's bundle and names what does not conform, and what conforms but is not
// described (drift), in the journal and the log; with a folder to record into, it writes each exchange as a
// cassette, credentials redacted before anything touches the disk. Bounded: a copy of at most MAX_CHECKED_BYTES of
// an answer is kept for checking; the answer itself passes through whatever its size.
import http from "node:http";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import zlib from "node:zlib";
import type { Operation } from "../contract/cassette.ts";
import { checkResponse } from "../contract/conformance.ts";
import { providerContext } from "../contract/context.ts";
import { exchangeCassette } from "../contract/exchange.ts";
import { LeakError, writeCassette } from "../contract/recorder.ts";
import type { MockOperation } from "./provider.ts";

const MAX_CHECKED_BYTES = 32 * 1024 * 1024;
/** An upstream that says nothing for this long is given up (a stream may take long, but not in silence). */
const IDLE_LIMIT_MS = 300_000;
// Headers that belong to one connection, not to the request or answer they travel with.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"]);
const CREDENTIAL_HEADERS = ["authorization", "x-goog-api-key"];

export interface ProxyOptions {
  /** the provider's base URL to forward to, e.g. https://generativelanguage.googleapis.com */
  upstream: string;
  /** folder to write each exchange into as a cassette (credentials redacted) */
  record?: string;
}

export interface ProxyResult {
  status: number;
  /** what the answer does not conform to */
  violations: string[];
  /** what conforming payloads carry that the spec does not describe */
  drift: string[];
  recorded?: string;
}

export interface Proxy {
  /** forwards a request whose body has been read; resolves when the answer has been sent and checked */
  forward(req: IncomingMessage, res: ServerResponse, op: MockOperation, body: Buffer, pathWithinProvider: string): Promise<ProxyResult>;
  upstream: URL;
}

export function createProxy(providerId: string, { upstream, record }: ProxyOptions): Proxy {
  const base = new URL(upstream);
  if (!/^https?:$/.test(base.protocol)) throw new Error(`--proxy needs an http(s) URL, not ${upstream}`);
  const ctx = providerContext(providerId);
  let recorded = 0;

  return {
    upstream: base,
    forward(req, res, op, body, pathWithinProvider) {
      const target = new URL(base.href.replace(/\/+$/, "") + pathWithinProvider);
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      headers["content-length"] = String(body.length);
      const transport = target.protocol === "https:" ? https : http;

      return new Promise<ProxyResult>((resolve) => {
        const upstreamReq = transport.request(target, { method: req.method, headers, timeout: IDLE_LIMIT_MS }, (answer) => {
          const status = answer.statusCode ?? 502;
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
          res.writeHead(status, out);
          res.flushHeaders();
          // The caller gets the bytes as they come; a decoded copy is kept for the checks.
          const kept: Buffer[] = [];
          let keptBytes = 0;
          const decoder = decoderFor(String(answer.headers["content-encoding"] ?? ""));
          decoder?.on("data", (chunk: Buffer) => keep(chunk));
          const keep = (chunk: Buffer) => {
            if (keptBytes + chunk.length <= MAX_CHECKED_BYTES) kept.push(chunk);
            keptBytes += chunk.length;
          };
          let interrupted: string | undefined;
          answer.on("data", (chunk: Buffer) => {
            res.write(chunk);
            if (decoder) decoder.write(chunk);
            else keep(chunk);
          });
          answer.on("error", (error) => (interrupted = error.message));
          answer.on("close", () => {
            if (!answer.complete) interrupted ??= "the upstream closed the connection before the end of the answer";
            let settled = false;
            // Checked and recorded before the answer's end goes out: once the caller has all of it, the journal
            // and the cassette are there too.
            const settle = () => {
              if (settled) return;
              settled = true;
              resolve(check(status, flatHeaders(answer.headers), Buffer.concat(kept).toString("utf8"), keptBytes > MAX_CHECKED_BYTES, interrupted));
              if (interrupted) res.destroy();
              else res.end();
            };
            if (!decoder) return settle();
            decoder.once("end", settle).once("error", settle);
            decoder.end();
          });
        });
        upstreamReq.on("timeout", () => upstreamReq.destroy(new Error(`no answer from ${base.origin} for ${IDLE_LIMIT_MS / 1000} s`)));
        upstreamReq.on("error", (error) => {
          if (res.headersSent) {
            res.destroy();
            return resolve({ status: 0, violations: [`the upstream failed mid-answer: ${error.message}`], drift: [] });
          }
          const message = `The upstream ${base.origin} did not answer: ${error.message}`;
          const bytes = Buffer.from(JSON.stringify({ error: { code: 502, message, status: "UNAVAILABLE" } }));
          res.writeHead(502, { "content-type": "application/json; charset=utf-8", "content-length": String(bytes.length) }).end(bytes);
          resolve({ status: 502, violations: [message], drift: [] });
        });
        upstreamReq.end(body);
      });

      function check(status: number, responseHeaders: Record<string, string>, text: string, truncated: boolean, interrupted?: string): ProxyResult {
        const operation = op.operationId as Operation;
        const violations: string[] = [];
        if (interrupted) violations.push(`the answer broke off: ${interrupted}`);
        if (truncated) {
          violations.push(`the answer exceeds ${MAX_CHECKED_BYTES / 1024 / 1024} MB and was not checked`);
          return { status, violations, drift: [] };
        }
        const result = checkResponse(ctx.validators, operation, "answer", { status, contentType: responseHeaders["content-type"] ?? null, text }, { statuses: [status] });
        violations.push(...result.problems);
        const drift = result.payloads.flatMap((p) => ctx.drift(operation, p, "answer")).map((d) => `${d.kind} ${d.path}${d.kind === "unknown enum value" ? `=${d.value}` : ""}`);
        let file: string | undefined;
        if (record) {
          const secrets = [...CREDENTIAL_HEADERS.map((h) => String(req.headers[h] ?? "").replace(/^Bearer\s+/i, "")), ...new URL(req.url ?? "/", "http://x").searchParams.getAll("key")].filter(Boolean);
          const exchange = { url: target, method: req.method ?? "POST", requestHeaders: flatHeaders(req.headers), requestBody: body.toString("utf8"), status, responseHeaders, text, interrupted };
          try {
            file = writeCassette(record, `proxy-${String(++recorded).padStart(4, "0")}-${operation}`, exchangeCassette(ctx.id, operation, exchange, `proxy of ${base.origin}, ${new Date().toISOString()}`), secrets);
          } catch (error) {
            if (!(error instanceof LeakError)) throw error;
            violations.push(`not recorded: ${error.message}`);
          }
        }
        return { status, violations, drift, recorded: file };
      }
    },
  };
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  const name = encoding.trim().toLowerCase();
  if (name === "gzip" || name === "x-gzip") return zlib.createGunzip();
  if (name === "deflate") return zlib.createInflate();
  if (name === "br") return zlib.createBrotliDecompress();
  return undefined;
}

const flatHeaders = (headers: http.IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v)]));
