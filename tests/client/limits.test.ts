// Every answer is bounded: its size (maxResponseBytes, counted after gzip is undone, checked while it arrives)
// and the time it takes (timeout), and going past either is a GeminiApiError that says which.
import { getEventListeners } from "node:events";
import type { ServerResponse } from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGeminiClient, GeminiApiError, type GeminiClientOptions } from "../../src/index.ts";
import { json, startServer } from "../helpers/local-server.ts";

const request = { contents: [{ parts: [{ text: "hi" }] }] };
const MiB = 1024 * 1024;
const reply = (text: string) => ({ candidates: [{ content: { role: "model", parts: [{ text }] }, index: 0 }] });

let answer: (res: ServerResponse) => unknown;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((_req, res) => void answer(res));
});
afterAll(() => server.close());

const client = (options: Partial<GeminiClientOptions<"google">> = {}) =>
  createGeminiClient({ provider: "google", apiKey: "limits-test-key", baseUrl: server.url, ...options });

async function failure(call: () => Promise<unknown>): Promise<GeminiApiError> {
  const error = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GeminiApiError);
  return error as GeminiApiError;
}
const drain = async (chunks: AsyncIterable<unknown>) => {
  const seen = [];
  for await (const chunk of chunks) seen.push(chunk);
  return seen;
};
const typedPost = (c: ReturnType<typeof client>) => c.POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "m" } }, body: request });
const sse = (res: ServerResponse) => res.writeHead(200, { "content-type": "text/event-stream" });
const ended = (res: ServerResponse) => new Promise<boolean>((resolve) => res.on("close", () => resolve(res.writableFinished)));

describe("maxResponseBytes", () => {
  const big = JSON.stringify(reply("x".repeat(2 * MiB)));

  test("a body within the limit is read whole, one over it is RESOURCE_EXHAUSTED with the status it came with", async () => {
    answer = (res) => json(res, 200, big);
    expect((await client({ maxResponseBytes: big.length }).generateContent("m", request)).candidates).toHaveLength(1);
    const error = await failure(() => client({ maxResponseBytes: big.length - 1 }).generateContent("m", request));
    expect(error).toMatchObject({ status: 200, code: "RESOURCE_EXHAUSTED", message: expect.stringMatching(/larger than maxResponseBytes \(\d+ bytes\)/) });
  });

  test("without Content-Length (chunked) the download stops at the limit", async () => {
    let finished!: Promise<boolean>;
    answer = (res) => {
      finished = ended(res);
      res.writeHead(200, { "content-type": "application/json" });
      // 64 MiB, in pieces the server only writes as the client reads
      let left = 64;
      const more = () => {
        while (left > 0 && res.write(Buffer.alloc(MiB, 0x20))) left--;
        if (left-- > 0) res.once("drain", more);
        else res.end();
      };
      more();
    };
    expect(await failure(() => client({ maxResponseBytes: MiB }).generateContent("m", request))).toMatchObject({ code: "RESOURCE_EXHAUSTED" });
    expect(await finished, "the server was cut off before it sent everything").toBe(false);
  });

  test("a gzip bomb fails at the default limit (128 MiB decoded), and is not read further", async () => {
    // 512 MiB of JSON text from 0.5 MB of gzip members (a gzip body may be several members, one after another).
    const member = zlib.gzipSync(Buffer.alloc(MiB, 0x61));
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.write(zlib.gzipSync('{"candidates": [{"content": {"parts": [{"text": "'));
      let left = 512;
      const more = () => {
        while (left > 0 && res.write(member)) left--;
        if (left-- > 0) res.once("drain", more);
        else res.end(zlib.gzipSync('"}]}}]}'));
      };
      more();
    };
    // What the client takes from the (already inflated) body, counted on the way.
    let taken = 0;
    const counting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const count = new TransformStream<Uint8Array, Uint8Array>({ transform: (chunk, c) => ((taken += chunk.byteLength), c.enqueue(chunk)) });
      return new Response(res.body!.pipeThrough(count), res);
    };
    const error = await failure(() => client({ fetch: counting }).generateContent("m", request));
    expect(error).toMatchObject({ code: "RESOURCE_EXHAUSTED", message: expect.stringMatching(/134217728 bytes/) });
    expect(taken).toBeGreaterThan(128 * MiB);
    expect(taken).toBeLessThan(132 * MiB);
  }, 60_000);

  test("a declared Content-Length over the limit fails before the body is read", async () => {
    answer = (res) => json(res, 200, big);
    expect(await failure(() => client({ maxResponseBytes: MiB }).generateContent("m", request))).toMatchObject({ code: "RESOURCE_EXHAUSTED" });
  });

  test("an error body over the limit keeps its HTTP status", async () => {
    answer = (res) => json(res, 500, { error: { code: 500, message: "x".repeat(2 * MiB), status: "INTERNAL" } });
    expect(await failure(() => client({ maxResponseBytes: MiB }).generateContent("m", request))).toMatchObject({ status: 500, code: "RESOURCE_EXHAUSTED" });
  });

  test("the typed POST is bounded the same way", async () => {
    answer = (res) => (res.writeHead(200, { "content-type": "application/json" }), res.end(big));
    expect(await failure(() => typedPost(client({ maxResponseBytes: MiB })))).toMatchObject({ status: 200, code: "RESOURCE_EXHAUSTED" });
    expect((await typedPost(client())).data?.candidates).toHaveLength(1);
  });

  test("a stream read through the typed POST (parseAs: stream) is bounded as a whole, as it is read", async () => {
    answer = (res) => {
      sse(res);
      const frame = `data: ${JSON.stringify(reply("z".repeat(10_000)))}\n\n`;
      let left = 500; // 5 MB in all
      const more = () => {
        while (left > 0 && res.write(frame)) left--;
        if (left-- > 0) res.once("drain", more);
        else res.end();
      };
      more();
    };
    const { data } = await client({ maxResponseBytes: MiB }).POST("/v1beta/models/{model}:streamGenerateContent", {
      params: { path: { model: "m" }, query: { alt: "sse" } }, body: request, parseAs: "stream",
    });
    let read = 0;
    const error = await failure(async () => {
      for await (const piece of data as unknown as AsyncIterable<Uint8Array>) read += piece.byteLength;
    });
    expect(error).toMatchObject({ status: 200, code: "RESOURCE_EXHAUSTED" });
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThanOrEqual(MiB);
  });

  describe("streams: each event is bounded, not the stream", () => {
    test("an SSE line with no end fails at the limit", async () => {
      let finished!: Promise<boolean>;
      answer = (res) => {
        finished = ended(res);
        sse(res);
        res.write('data: {"candidates": [{"content": {"parts": [{"text": "');
        const block = Buffer.alloc(MiB, 0x61);
        let left = 64;
        const more = () => {
          while (left > 0 && res.write(block)) left--;
          if (left-- > 0) res.once("drain", more);
          else res.end();
        };
        more();
      };
      const error = await failure(() => drain(client({ maxResponseBytes: MiB }).streamGenerateContent("m", request)));
      expect(error).toMatchObject({ status: 200, code: "RESOURCE_EXHAUSTED", message: expect.stringMatching(/stream event is larger/) });
      expect(await finished).toBe(false);
    });

    test("an event of many short data lines fails at the limit too", async () => {
      answer = (res) => {
        sse(res);
        const line = `data: ${"a".repeat(1000)}\n`;
        res.end(line.repeat(2000));
      };
      expect(await failure(() => drain(client({ maxResponseBytes: MiB }).streamGenerateContent("m", request)))).toMatchObject({ code: "RESOURCE_EXHAUSTED" });
    });

    test("a stream far longer than the limit, in events under it, is read whole", async () => {
      const frame = `data: ${JSON.stringify(reply("y".repeat(60_000)))}\n\n`;
      answer = (res) => (sse(res), res.end(frame.repeat(40)));
      expect(await drain(client({ maxResponseBytes: 64 * 1024 }).streamGenerateContent("m", request))).toHaveLength(40);
    });

    test("a JSON-array stream (no SSE) is bounded as a whole", async () => {
      answer = (res) => json(res, 200, `[${big}]`);
      expect(await failure(() => drain(client({ maxResponseBytes: MiB }).streamGenerateContent("m", request)))).toMatchObject({ code: "RESOURCE_EXHAUSTED" });
    });
  });
});

describe("timeout", () => {
  const never = () => {}; // headers never sent

  test("a call that gets no answer fails with DEADLINE_EXCEEDED, status 0", async () => {
    answer = never;
    const error = await failure(() => client({ timeout: 100 }).generateContent("m", request));
    expect(error).toMatchObject({ status: 0, code: "DEADLINE_EXCEEDED", message: expect.stringMatching(/timed out \(timeout: 100 ms\)/) });
  });

  test("the per-call timeout replaces the client's", async () => {
    answer = never;
    const error = await failure(() => client({ timeout: 60_000 }).generateContent("m", request, { timeout: 100 }));
    expect(error).toMatchObject({ code: "DEADLINE_EXCEEDED", message: expect.stringMatching(/100 ms/) });
  });

  test("a unary call is bounded as a whole: a body that trickles in is cut off", async () => {
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    };
    expect(await failure(() => client({ timeout: 300 }).generateContent("m", request))).toMatchObject({ code: "DEADLINE_EXCEEDED" });
  });

  test("the typed POST is bounded as a whole too, body included", async () => {
    answer = never;
    expect(await failure(() => typedPost(client({ timeout: 100 })))).toMatchObject({ status: 0, code: "DEADLINE_EXCEEDED" });
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    };
    expect(await failure(() => typedPost(client({ timeout: 300 })))).toMatchObject({ status: 0, code: "DEADLINE_EXCEEDED" });
  });

  test("a stream is bounded per wait: one that stalls fails, one that keeps sending runs past the timeout", async () => {
    answer = (res) => (sse(res), res.write(`data: ${JSON.stringify(reply("a"))}\n\n`));
    const seen: unknown[] = [];
    const error = await failure(async () => {
      for await (const chunk of client({ timeout: 200 }).streamGenerateContent("m", request)) seen.push(chunk);
    });
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ code: "DEADLINE_EXCEEDED" });

    // 15 frames 100 ms apart: 1.5 s in all, against a timeout of 1 s for each wait
    answer = (res) => {
      sse(res);
      let n = 0;
      const timer = setInterval(() => (++n < 15 ? res.write(`data: ${JSON.stringify(reply(String(n)))}\n\n`) : (clearInterval(timer), res.end())), 100);
    };
    expect(await drain(client({ timeout: 1000 }).streamGenerateContent("m", request))).toHaveLength(14);
  });

  test("time the caller spends between chunks is not the server's", async () => {
    answer = (res) => (sse(res), res.end(`data: ${JSON.stringify(reply("a"))}\n\ndata: ${JSON.stringify(reply("b"))}\n\n`));
    const seen = [];
    for await (const chunk of client({ timeout: 100 }).streamGenerateContent("m", request)) {
      seen.push(chunk);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(seen).toHaveLength(2);
  });

  test("0 turns the timeout off", async () => {
    answer = (res) => setTimeout(() => json(res, 200, reply("late")), 50);
    expect((await client({ timeout: 0 }).generateContent("m", request)).candidates).toHaveLength(1);
  });

  test("the caller's abort stays the caller's AbortError, timeout or not", async () => {
    answer = never;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(client({ timeout: 60_000 }).generateContent("m", request, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    const already = AbortSignal.abort();
    await expect(drain(client().streamGenerateContent("m", request, { signal: already }))).rejects.toBe(already.reason);
    const typed = client().POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "m" } }, body: request, signal: AbortSignal.abort() });
    await expect(typed).rejects.toMatchObject({ name: "AbortError" });
  });

  test("a signal used for many calls is left with no listener", async () => {
    answer = (res) => json(res, 200, reply("ok"));
    const controller = new AbortController();
    const c = client();
    for (let i = 0; i < 20; i++) await c.generateContent("m", request, { signal: controller.signal });
    for (let i = 0; i < 5; i++) await drain(c.streamGenerateContent("m", request, { signal: controller.signal }));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
