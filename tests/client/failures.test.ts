// The failure paths the error tests do not reach: a connection that breaks while a body is read, 200 bodies and
// stream frames that are JSON but not a response, keys that cannot be sent. Each is a GeminiApiError.
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGeminiClient, GeminiApiError } from "../../src/index.ts";
import { startServer } from "../helpers/local-server.ts";

const KEY = "failures-test-key-0123456789";
const request = { contents: [{ parts: [{ text: "hi" }] }] };
const PROVIDERS = ["google", "tikhub", "kkiai", "serevixai", "selfhosted"] as const;

let answer: (res: ServerResponse) => void;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((_req, res) => answer(res));
});
afterAll(() => server.close());

const client = () => createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: server.url });

async function failure(call: () => Promise<unknown>): Promise<GeminiApiError> {
  const error = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GeminiApiError);
  return error as GeminiApiError;
}
const drain = async (chunks: AsyncIterable<unknown>) => {
  for await (const _ of chunks);
};

describe("a connection reset while the body is read", () => {
  const cut = (type: string) => (res: ServerResponse) => {
    res.writeHead(200, { "content-type": type });
    res.write(type.includes("event-stream") ? 'data: {"candidates": [' : '{"candidates": [');
    setTimeout(() => res.socket?.destroy(), 20);
  };

  test("generateContent", async () => {
    answer = cut("application/json");
    expect(await failure(() => client().generateContent("m", request))).toMatchObject({ status: 0, code: "UNAVAILABLE", message: expect.stringMatching(/network error/) });
  });

  test("an error body", async () => {
    answer = (res) => (res.writeHead(500, { "content-type": "application/json" }), res.write('{"error": '), setTimeout(() => res.socket?.destroy(), 20));
    expect(await failure(() => client().generateContent("m", request))).toMatchObject({ status: 0, code: "UNAVAILABLE" });
  });

  test("a JSON-array stream", async () => {
    answer = cut("application/json");
    expect(await failure(() => drain(client().streamGenerateContent("m", request)))).toMatchObject({ status: 0, code: "UNAVAILABLE" });
  });

  test("the typed POST", async () => {
    answer = cut("application/json");
    const typed = client().POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "m" } }, body: request });
    expect(await failure(() => typed)).toMatchObject({ status: 0, code: "UNAVAILABLE" });
  });

  test("the typed POST, before any answer", async () => {
    const refused = createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: "http://127.0.0.1:9" });
    expect(await failure(() => refused.POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "m" } }, body: request })))
      .toMatchObject({ status: 0, code: "UNAVAILABLE", message: expect.stringMatching(/network error/) });
  });
});

describe.each(["[]", "null", "5", '"a string"', "true"])("JSON that is not a response: %s", (body) => {
  test("as a 200 body", async () => {
    answer = (res) => (res.writeHead(200, { "content-type": "application/json" }), res.end(body));
    expect(await failure(() => client().generateContent("m", request))).toMatchObject({ status: 200, body: JSON.parse(body) });
  });

  test("as a stream frame, after a good one", async () => {
    answer = (res) => (res.writeHead(200, { "content-type": "text/event-stream" }), res.end(`data: {"candidates": []}\n\ndata: ${body}\n\n`));
    const seen: unknown[] = [];
    const error = await failure(async () => {
      for await (const chunk of client().streamGenerateContent("m", request)) seen.push(chunk);
    });
    expect(seen).toEqual([{ candidates: [] }]);
    expect(error).toMatchObject({ status: 200, code: "DATA_LOSS", message: expect.stringMatching(/not a JSON object/), body: JSON.parse(body) });
  });

  test("as an element of a JSON-array stream", async () => {
    answer = (res) => (res.writeHead(200, { "content-type": "application/json" }), res.end(`[{"candidates": []}, ${body}]`));
    expect(await failure(() => drain(client().streamGenerateContent("m", request)))).toMatchObject({ code: "DATA_LOSS" });
  });
});

describe.each(PROVIDERS)("a key that cannot be sent is refused by createGeminiClient (%s)", (provider) => {
  test.each([
    ["a lone surrogate", `${KEY}\ud800`],
    ["a line break", `${KEY}\r\nx-injected: 1`],
    ["a NUL", `${KEY}\0`],
    ["a non-ASCII letter", `${KEY}é`],
    ["a space at the end", `${KEY} `],
  ])("%s", (_name, apiKey) => {
    let error: unknown;
    try {
      createGeminiClient({ provider: provider as "selfhosted", apiKey, baseUrl: server.url });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GeminiApiError);
    expect(error).toMatchObject({ status: 0, code: "UNAUTHENTICATED", provider });
    expect(String((error as Error).stack)).not.toContain(KEY);
  });

  test("and so is no key at all", () => {
    for (const apiKey of ["", undefined, 42]) {
      expect(() => createGeminiClient({ provider: provider as "selfhosted", apiKey: apiKey as string, baseUrl: server.url })).toThrow(GeminiApiError);
    }
  });
});
