// streamGenerateContent: chunks arrive one by one while the server still holds the stream, every SSE framing
// Google and the gateways use is read, and a broken stream is an error, never a silent end.
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { corpusRecords } from "../../scripts/lib/corpus.ts";
import { createGeminiClient, GeminiApiError, type GenerateContentResponse } from "../../src/index.ts";
import { startServer } from "../helpers/local-server.ts";

const request = { contents: [{ parts: [{ text: "count to three" }] }] };
const chunk = (text: string) => ({ candidates: [{ content: { role: "model", parts: [{ text }] }, index: 0 }] });

let answer: (res: ServerResponse) => void | Promise<void>;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((_req, res) => answer(res));
});
afterAll(() => server.close());

const sse = (res: ServerResponse) => res.writeHead(200, { "content-type": "text/event-stream" });
const client = () => createGeminiClient({ provider: "google", apiKey: "test-key", baseUrl: server.url });

async function collect(signal?: AbortSignal): Promise<GenerateContentResponse[]> {
  const chunks: GenerateContentResponse[] = [];
  for await (const c of client().streamGenerateContent("gemini-2.5-flash", request, { signal })) chunks.push(c);
  return chunks;
}

test("the first chunk is yielded while the server still holds the stream open", async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  answer = async (res) => {
    sse(res);
    res.write(`data: ${JSON.stringify(chunk("one"))}\n\n`);
    await held; // the rest is only sent once the client has seen the first chunk
    res.end(`data: ${JSON.stringify(chunk("two"))}\n\n`);
  };
  const texts: string[] = [];
  for await (const c of client().streamGenerateContent("gemini-2.5-flash", request)) {
    texts.push(c.candidates![0].content!.parts![0].text!);
    release();
  }
  expect(texts).toEqual(["one", "two"]);
}, 5_000);

describe("framing", () => {
  const framings: Record<string, string> = {
    "LF": `data: ${JSON.stringify(chunk("a"))}\n\ndata: ${JSON.stringify(chunk("b"))}\n\n`,
    "CRLF (Google's own)": `data: ${JSON.stringify(chunk("a"))}\r\n\r\ndata: ${JSON.stringify(chunk("b"))}\r\n\r\n`,
    "multi-line data": `data: {"candidates": [{"content":\ndata: {"parts": [{"text": "a"}]}}]}\n\ndata: ${JSON.stringify(chunk("b"))}\n\n`,
    "comments, event names and a [DONE] marker": `: keep-alive\n\nevent: message\ndata: ${JSON.stringify(chunk("a"))}\n\ndata: ${JSON.stringify(chunk("b"))}\n\ndata: [DONE]\n\n`,
    "a last frame without its blank line": `data: ${JSON.stringify(chunk("a"))}\n\ndata: ${JSON.stringify(chunk("b"))}`,
  };
  test.each(Object.entries(framings))("%s", async (_name, body) => {
    answer = (res) => {
      sse(res);
      // byte by byte in places: frames split across reads must still parse
      res.write(body.slice(0, 7));
      res.end(body.slice(7));
    };
    const texts = (await collect()).map((c) => c.candidates![0].content!.parts![0].text);
    expect(texts).toEqual(["a", "b"]);
  });

  test("multi-byte characters split across reads", async () => {
    const body = Buffer.from(`data: ${JSON.stringify(chunk("héllo 👋"))}\n\n`);
    answer = async (res) => {
      sse(res);
      const cut = body.indexOf(Buffer.from("👋")) + 2;
      res.write(body.subarray(0, cut));
      await new Promise((r) => setTimeout(r, 20));
      res.end(body.subarray(cut));
    };
    expect((await collect())[0].candidates![0].content!.parts![0].text).toBe("héllo 👋");
  });

  test("an application/json array (a server that ignores alt=sse)", async () => {
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify([chunk("a"), chunk("b")]));
    };
    expect((await collect()).map((c) => c.candidates![0].content!.parts![0].text)).toEqual(["a", "b"]);
  });
});

describe("failures", () => {
  test("an {\"error\": …} frame mid-stream is thrown as GeminiApiError after the chunks before it", async () => {
    answer = (res) => {
      sse(res);
      res.end(`data: ${JSON.stringify(chunk("a"))}\r\n\r\ndata: {"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}}\r\n\r\n`);
    };
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const c of client().streamGenerateContent("m", request)) seen.push(c.candidates![0].content!.parts![0].text!);
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual(["a"]);
    expect(error).toBeInstanceOf(GeminiApiError);
    expect(error).toMatchObject({ status: 503, code: "UNAVAILABLE", message: expect.stringMatching(/overloaded/) });
  });

  test("a stream cut in the middle of a frame is an error, not a silent end", async () => {
    answer = (res) => {
      sse(res);
      res.end(`data: ${JSON.stringify(chunk("a"))}\n\ndata: {"candidates": [{"content": {"parts": [{"te`);
    };
    await expect(collect()).rejects.toMatchObject({ name: "GeminiApiError", code: "DATA_LOSS", message: expect.stringMatching(/middle of a frame/) });
  });

  test("a connection dropped mid-stream is an error", async () => {
    answer = (res) => {
      sse(res);
      res.write(`data: ${JSON.stringify(chunk("a"))}\n\ndata: {"cand`);
      setTimeout(() => res.socket?.destroy(), 20);
    };
    await expect(collect()).rejects.toMatchObject({ name: "GeminiApiError", status: 0, message: expect.stringMatching(/network error/) });
  });

  test("abort via signal stops the stream with an AbortError", async () => {
    answer = (res) => {
      sse(res);
      res.write(`data: ${JSON.stringify(chunk("a"))}\n\n`); // and never ends
    };
    const controller = new AbortController();
    const seen: unknown[] = [];
    const run = (async () => {
      for await (const c of client().streamGenerateContent("m", request, { signal: controller.signal })) {
        seen.push(c);
        controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toHaveLength(1);
  });
});

describe("the iterator", () => {
  test("nothing is sent until iteration starts", async () => {
    answer = (res) => {
      sse(res);
      res.end(`data: ${JSON.stringify(chunk("a"))}\n\n`);
    };
    const before = server.received.length;
    const stream = client().streamGenerateContent("m", request);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.received.length).toBe(before);
    for await (const _ of stream);
    expect(server.received.length).toBe(before + 1);
  });

  test("leaving the loop early stops the download", async () => {
    let closed!: Promise<void>;
    answer = (res) => {
      closed = new Promise((resolve) => res.on("close", resolve));
      sse(res);
      res.write(`data: ${JSON.stringify(chunk("a"))}\n\ndata: ${JSON.stringify(chunk("b"))}\n\n`); // and never ends
    };
    for await (const c of client().streamGenerateContent("m", request)) {
      expect(c.candidates![0].content!.parts![0].text).toBe("a");
      break;
    }
    await closed; // a hang here (the server still sending) fails the test
  });

  test("next() called again before the last one settled hands out the chunks in order, then the end", async () => {
    answer = (res) => {
      sse(res);
      res.write(`data: ${JSON.stringify(chunk("a"))}\n\n`);
      setTimeout(() => res.end(`data: ${JSON.stringify(chunk("b"))}\n\n`), 30);
    };
    const iterator = client().streamGenerateContent("m", request)[Symbol.asyncIterator]();
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results.map((r) => (r.done ? "end" : r.value.candidates![0].content!.parts![0].text))).toEqual(["a", "b", "end", "end"]);
  });
});

test("every recorded Gemini SSE stream in the corpus is read chunk for chunk", async () => {
  const streams = corpusRecords().filter(({ record }) => record.response.status === 200 && record.response.contentType.includes("event-stream"));
  expect(streams.length).toBeGreaterThan(5);
  for (const { id, record } of streams) {
    const events = record.response.events!;
    answer = (res) => {
      sse(res);
      res.end(events.map((e: unknown) => `data: ${JSON.stringify(e)}\r\n\r\n`).join(""));
    };
    const got = await collect().catch((e: unknown) => e);
    const errorFrame = events.findIndex((e: any) => e?.error);
    if (errorFrame >= 0) expect(got, id).toBeInstanceOf(GeminiApiError);
    else expect(got, id).toEqual(events);
  }
});
