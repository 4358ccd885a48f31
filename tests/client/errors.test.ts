// Every failure a provider can produce becomes one GeminiApiError (or the caller's own AbortError), and the key
// never shows up in what is thrown.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGeminiClient, GeminiApiError } from "../../src/index.ts";
import { json, startServer } from "../helpers/local-server.ts";
import { leakIn } from "./leaks.ts";

const KEY = "test-key-echoed-9876543210";
const request = { contents: [{ parts: [{ text: "hi" }] }] };

/** Each case: what the server answers, and what the error must say. */
const cases: Record<string, { answer: (res: import("node:http").ServerResponse) => void; status: number; code: string; message: RegExp }> = {
  "google.rpc.Status": {
    answer: (res) => json(res, 400, { error: { code: 400, message: "Invalid value at 'contents'", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.BadRequest" }] } }),
    status: 400, code: "INVALID_ARGUMENT", message: /Invalid value at 'contents'/,
  },
  "Google's invalid key (400 API_KEY_INVALID)": {
    answer: (res) => json(res, 400, { error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }] } }),
    status: 400, code: "INVALID_ARGUMENT", message: /API key not valid/,
  },
  "gateway (OpenAI-style) error": {
    answer: (res) => json(res, 401, { error: { message: `invalid token ${KEY} (request id: 2025)`, type: "new_api_error", param: "", code: "invalid_api_key" } }),
    status: 401, code: "UNAUTHENTICATED", message: /invalid token \[redacted\]/,
  },
  "HTML error page": {
    answer: (res) => (res.writeHead(502, { "content-type": "text/html" }), res.end("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>")),
    status: 502, code: "UNAVAILABLE", message: /HTTP 502: 502 Bad Gateway/,
  },
  "empty 429": {
    answer: (res) => (res.writeHead(429), res.end()),
    status: 429, code: "RESOURCE_EXHAUSTED", message: /HTTP 429 with an empty body/,
  },
  "Google's error wrapped in a JSON array": {
    answer: (res) => json(res, 503, [{ error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } }]),
    status: 503, code: "UNAVAILABLE", message: /overloaded/,
  },
  "a 200 carrying an error body": {
    answer: (res) => json(res, 200, { error: { code: 500, message: "upstream failed", status: "INTERNAL" } }),
    status: 500, code: "INTERNAL", message: /upstream failed/,
  },
  "a 200 that is not JSON": {
    answer: (res) => (res.writeHead(200, { "content-type": "text/html" }), res.end("<p>Please log in to the proxy</p>")),
    status: 200, code: "UNKNOWN", message: /Please log in to the proxy/,
  },
};

let answer: (res: import("node:http").ServerResponse) => void;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((_req, res) => answer(res));
});
afterAll(() => server.close());

async function failure(call: () => Promise<unknown>): Promise<GeminiApiError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(GeminiApiError);
    return error as GeminiApiError;
  }
  throw new Error("the call did not fail");
}

function expectNoKey(error: GeminiApiError) {
  for (const form of [String(error), error.message, error.stack ?? "", JSON.stringify(error.body ?? null), inspect(error, { depth: 10 })]) {
    expect(form).not.toContain(KEY);
  }
  expect(leakIn(error, KEY)).toBeUndefined();
}

describe.each(Object.entries(cases))("%s", (_name, c) => {
  test.each(["kkiai", "tikhub"] as const)("generateContent on %s", async (provider) => {
    answer = c.answer;
    const error = await failure(() => createGeminiClient({ provider, apiKey: KEY, baseUrl: server.url }).generateContent("gemini-2.5-flash", request));
    expect({ status: error.status, code: error.code, provider: error.provider }).toEqual({ status: c.status, code: c.code, provider });
    expect(error.message).toMatch(c.message);
    expect(error.body).toBeDefined();
    expectNoKey(error);
  });

  test("streamGenerateContent fails the same way before the first chunk", async () => {
    answer = c.answer;
    const client = createGeminiClient({ provider: "kkiai", apiKey: KEY, baseUrl: server.url });
    const error = await failure(async () => {
      for await (const _ of client.streamGenerateContent("gemini-2.5-flash", request));
    });
    if (c.status !== 200) expect(error.status).toBe(c.status);
    expectNoKey(error);
  });
});

test("the raw body is kept, parsed, for callers that need the details", async () => {
  answer = cases["Google's invalid key (400 API_KEY_INVALID)"].answer;
  const error = await failure(() => createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: server.url }).generateContent("m", request));
  expect((error.body as any).error.details[0].reason).toBe("API_KEY_INVALID");
});

test("a refused connection is a GeminiApiError with status 0, and no key in it (kkiai puts the key in the URL)", async () => {
  const error = await failure(() => createGeminiClient({ provider: "kkiai", apiKey: KEY, baseUrl: "http://127.0.0.1:9" }).generateContent("m", request));
  expect(error.status).toBe(0);
  expect(error.message).toMatch(/network error/);
  expectNoKey(error);
});

test("the caller's abort is rethrown as an AbortError, not dressed up as an API error", async () => {
  answer = (res) => setTimeout(() => json(res, 200, {}), 2_000);
  const client = createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: server.url });
  const controller = new AbortController();
  const call = client.generateContent("m", request, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await expect(call).rejects.toMatchObject({ name: "AbortError" });
});
