// Redirects never carry the key (nor the prompt) to another origin: a hostile server on one loopback port
// redirects to a second server on another port (another origin), for every provider and every way of calling.
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createGeminiClient, GeminiApiError } from "../../src/index.ts";
import { json, type Received, startServer } from "../helpers/local-server.ts";

const KEY = "redirect-test-key-0123456789";
const reply = { candidates: [{ content: { role: "model", parts: [{ text: "ok" }] }, finishReason: "STOP" }] };
const request = { contents: [{ role: "user", parts: [{ text: "a private prompt" }] }] };
const PROVIDERS = ["google", "tikhub", "kkiai", "serevixai", "selfhosted"] as const;
const STATUSES = [301, 302, 303, 307, 308];

/** How the provider's server answers, per test; `elsewhere` is the other origin's. */
let answer: (req: Received, res: ServerResponse) => void;
let provider: Awaited<ReturnType<typeof startServer>>;
let elsewhere: Awaited<ReturnType<typeof startServer>>;

const ok = (req: Received, res: ServerResponse) => {
  if (!req.url.includes("streamGenerateContent")) return json(res, 200, reply);
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.end(`data: ${JSON.stringify(reply)}\r\n\r\n`);
};

beforeAll(async () => {
  provider = await startServer((req, res) => answer(req, res));
  elsewhere = await startServer(ok);
});
afterAll(async () => {
  await provider.close();
  await elsewhere.close();
});
beforeEach(() => {
  provider.received.length = 0;
  elsewhere.received.length = 0;
});

/** The three ways of calling, each returning what it got. */
const calls = {
  generateContent: (client: ReturnType<typeof createGeminiClient>) => client.generateContent("gemini-2.5-flash", request),
  streamGenerateContent: async (client: ReturnType<typeof createGeminiClient>) => {
    const chunks = [];
    for await (const chunk of client.streamGenerateContent("gemini-2.5-flash", request)) chunks.push(chunk);
    return chunks[0];
  },
  "typed POST": async (client: ReturnType<typeof createGeminiClient>) =>
    // redirect: "follow" asked for explicitly must not reopen the hole
    (await client.POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "gemini-2.5-flash" } }, body: request, redirect: "follow" })).data,
};

async function failure(call: () => Promise<unknown>): Promise<GeminiApiError> {
  const error = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GeminiApiError);
  return error as GeminiApiError;
}

describe.each(PROVIDERS)("%s", (id) => {
  const client = (fetch?: typeof globalThis.fetch) => createGeminiClient({ provider: id as "google", apiKey: KEY, baseUrl: provider.url, fetch });

  describe.each(Object.entries(calls))("%s", (_name, call) => {
    test.each(STATUSES)("a %i to another origin is an error, and that origin receives nothing", async (status) => {
      // The hostile server keeps path and query, so kkiai's ?key= would travel too.
      answer = (req, res) => (res.writeHead(status, { location: `${elsewhere.url}${req.url}` }), res.end());
      const error = await failure(() => call(client()));
      expect(error).toMatchObject({ status, code: "UNKNOWN", provider: id });
      expect(error.message).toMatch(/redirect to another origin not followed/);
      expect(provider.received).toHaveLength(1);
      expect(elsewhere.received).toEqual([]);
    });

    test("a fetch passed in is asked not to follow redirects, and the other origin still receives nothing", async () => {
      answer = (req, res) => (res.writeHead(307, { location: `${elsewhere.url}${req.url}` }), res.end());
      const modes: unknown[] = [];
      const wrapped: typeof fetch = (input, init) => {
        modes.push(init?.redirect ?? (input as Request).redirect);
        return fetch(input, init);
      };
      await failure(() => call(client(wrapped)));
      expect(modes).toEqual(["manual"]);
      expect(elsewhere.received).toEqual([]);
    });

    test("a 307 within the origin is followed with the key and the body", async () => {
      answer = (req, res) => (req.url.startsWith("/moved") ? ok(req, res) : (res.writeHead(307, { location: `/moved${req.url}` }), res.end()));
      const got: any = await call(client());
      expect(got.candidates[0].content.parts[0].text).toBe("ok");
      const [first, second] = provider.received;
      expect(second.method).toBe("POST");
      expect(JSON.parse(second.body)).toEqual(request);
      for (const name of ["x-goog-api-key", "authorization"]) expect(second.headers[name]).toBe(first.headers[name]);
    });
  });
});

describe("within the origin", () => {
  const client = () => createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: provider.url });

  test.each([301, 302, 303])("a %i turns the POST into a GET without body, as fetch does, and keeps the key", async (status) => {
    answer = (req, res) => (req.url === "/answer" ? json(res, 200, reply) : (res.writeHead(status, { location: `${provider.url}/answer` }), res.end()));
    expect(await client().generateContent("m", request)).toEqual(reply);
    const second = provider.received[1];
    expect({ method: second.method, body: second.body, type: second.headers["content-type"] }).toEqual({ method: "GET", body: "", type: undefined });
    expect(second.headers["x-goog-api-key"]).toBe(KEY);
  });

  test("a 308 resends the typed POST's body too", async () => {
    answer = (req, res) => (req.url.startsWith("/moved") ? ok(req, res) : (res.writeHead(308, { location: `/moved${req.url}` }), res.end()));
    const { data } = await client().POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "m" } }, body: request });
    expect(data).toEqual(reply);
    expect(JSON.parse(provider.received[1].body)).toEqual(request);
  });

  test("five redirects are followed, the sixth is an error", async () => {
    const hops = (n: number) => (req: Received, res: ServerResponse) => {
      const hop = Number(req.url.match(/^\/hop(\d+)/)?.[1] ?? 0);
      if (hop === n) return json(res, 200, reply);
      res.writeHead(307, { location: `/hop${hop + 1}` });
      res.end();
    };
    answer = hops(5);
    expect(await client().generateContent("m", request)).toEqual(reply);
    answer = hops(6);
    const error = await failure(() => client().generateContent("m", request));
    expect(error).toMatchObject({ status: 307, message: expect.stringMatching(/more than 5 redirects/) });
  });

  test("another scheme or port on the same host is another origin", async () => {
    const port = new URL(provider.url).port;
    for (const location of [`https://127.0.0.1:${port}/x`, `http://localhost:${port}/x`, `http://127.0.0.1:${Number(port) + 1}/x`]) {
      answer = (_req, res) => (res.writeHead(302, { location }), res.end());
      expect((await failure(() => client().generateContent("m", request))).message).toMatch(/another origin/);
    }
  });

  test("a redirect without Location is an answer like any other", async () => {
    answer = (_req, res) => (res.writeHead(302), res.end("moved, but not saying where"));
    expect(await failure(() => client().generateContent("m", request))).toMatchObject({ status: 302, message: expect.stringMatching(/not saying where/) });
  });
});
