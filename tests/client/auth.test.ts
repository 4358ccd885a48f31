// What the client puts on the wire for each provider: request line, auth headers, query. The expectations are
// written out from the providers' documentation, not derived from the generated table the client reads.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGeminiClient } from "../../src/index.ts";
import { json, startServer } from "../helpers/local-server.ts";

const KEY = "test-key-0123456789";
const reply = { candidates: [{ content: { role: "model", parts: [{ text: "ok" }] }, finishReason: "STOP" }] };
const request = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };

interface Expected {
  /** the spec's server, used when no baseUrl is given */
  server: string | null;
  headers: Record<string, string>;
  /** query parameters besides alt */
  query: Record<string, string>;
  /** headers that must not be sent */
  absent: string[];
}

const expected: Record<string, Expected> = {
  google: { server: "https://generativelanguage.googleapis.com", headers: { "x-goog-api-key": KEY }, query: {}, absent: ["authorization"] },
  tikhub: { server: "https://ai.tikhub.io", headers: { "x-goog-api-key": KEY }, query: {}, absent: ["authorization"] },
  kkiai: { server: "https://www.kkiai.com", headers: { authorization: `Bearer ${KEY}` }, query: { key: KEY }, absent: ["x-goog-api-key"] },
  serevixai: { server: "https://gateway.serevixai.ai/v1", headers: { "x-goog-api-key": KEY, accept: "application/json" }, query: {}, absent: ["authorization"] },
  selfhosted: { server: null, headers: { authorization: `Bearer ${KEY}` }, query: {}, absent: ["x-goog-api-key"] },
};

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (!req.url.includes("streamGenerateContent")) return json(res, 200, reply);
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(`data: ${JSON.stringify(reply)}\r\n\r\n`);
  });
});
afterAll(() => server.close());

const last = () => server.received.at(-1)!;
const queryOf = (url: string) => Object.fromEntries(new URL(url, "http://x").searchParams);

describe.each(Object.entries(expected))("%s", (provider, want) => {
  const client = () => createGeminiClient({ provider: provider as "google", apiKey: KEY, baseUrl: `${server.url}/prefix/` });

  test("generateContent: request line, auth headers and query", async () => {
    const res = await client().generateContent("gemini-2.5-flash", request);
    expect(res.candidates?.[0].content?.parts?.[0].text).toBe("ok");
    const got = last();
    expect(got.method).toBe("POST");
    expect(new URL(got.url, "http://x").pathname).toBe("/prefix/v1beta/models/gemini-2.5-flash:generateContent");
    expect(queryOf(got.url)).toEqual(want.query);
    expect(got.url.includes(KEY), "key in the URL only where the provider demands it").toBe("key" in want.query);
    for (const [name, value] of Object.entries(want.headers)) expect(got.headers[name], name).toBe(value);
    for (const name of want.absent) expect(got.headers[name], name).toBeUndefined();
    expect(got.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(got.body)).toEqual(request);
  });

  test("streamGenerateContent asks for SSE and authenticates the same way", async () => {
    const chunks = [];
    for await (const chunk of client().streamGenerateContent("gemini-2.5-flash", request)) chunks.push(chunk);
    expect(chunks).toEqual([reply]);
    const got = last();
    expect(new URL(got.url, "http://x").pathname).toBe("/prefix/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    expect(queryOf(got.url)).toEqual({ alt: "sse", ...want.query });
    for (const [name, value] of Object.entries(want.headers)) expect(got.headers[name], name).toBe(value);
  });

  test("the typed POST of openapi-fetch carries the same auth", async () => {
    const { data, response } = await client().POST("/v1beta/models/{model}:generateContent", {
      params: { path: { model: "gemini-2.5-flash" } },
      body: request,
    });
    expect(response.status).toBe(200);
    expect(data?.candidates?.[0].finishReason).toBe("STOP");
    const got = last();
    expect(new URL(got.url, "http://x").pathname).toBe("/prefix/v1beta/models/gemini-2.5-flash:generateContent");
    expect(queryOf(got.url)).toEqual(want.query);
    for (const [name, value] of Object.entries(want.headers)) expect(got.headers[name], name).toBe(value);
  });

  test("without baseUrl the spec's server is used, or the client refuses to guess", async () => {
    const urls: string[] = [];
    const fetch = async (url: string | URL | Request) => {
      urls.push(String(url));
      return new Response(JSON.stringify(reply), { headers: { "content-type": "application/json" } });
    };
    if (want.server === null) {
      expect(() => createGeminiClient({ provider: provider as "google", apiKey: KEY, fetch })).toThrow(/baseUrl is required/);
      return;
    }
    await createGeminiClient({ provider: provider as "google", apiKey: KEY, fetch }).generateContent("gemini-2.5-pro", request);
    const url = new URL(urls[0]);
    expect(`${url.origin}${url.pathname}`).toBe(`${want.server}/v1beta/models/gemini-2.5-pro:generateContent`);
    expect(Object.fromEntries(url.searchParams)).toEqual(want.query);
  });
});

describe("every provider", () => {
  test("model ids are sent bare and URL-encoded", async () => {
    const client = createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: server.url });
    await client.generateContent("models/gemini-2.5-flash", request);
    expect(last().url).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    await client.generateContent("tuned/my model?x", request);
    expect(last().url).toBe("/v1beta/models/tuned%2Fmy%20model%3Fx:generateContent");
  });

  test("extra headers are sent, but cannot replace the provider's auth", async () => {
    const client = createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: server.url, headers: { "X-Trace": "t1", "x-goog-api-key": "other" } });
    await client.generateContent("gemini-2.5-flash", request);
    expect(last().headers["x-trace"]).toBe("t1");
    expect(last().headers["x-goog-api-key"]).toBe(KEY);
  });

  test("unknown providers and missing keys are refused up front", () => {
    expect(() => createGeminiClient({ provider: "nope" as "google", apiKey: KEY })).toThrow(/unknown provider "nope"/);
    expect(() => createGeminiClient({ provider: "google", apiKey: "" })).toThrow(/apiKey is required/);
  });
});
