// A hostile server echoes the key back in every encoding it can think of, in every place an error is built from;
// nothing the client throws may give it away (tests/client/leaks.ts decodes what is thrown to look for it).
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGeminiClient, GeminiApiError } from "../../src/index.ts";
import { startServer } from "../helpers/local-server.ts";
import { leakIn } from "./leaks.ts";

// Characters that each encoding treats differently: / + = space _ and both letter cases.
const KEY = "sk-Hostile/Key+9 ab=cd_0123456789XYZ";
const request = { contents: [{ parts: [{ text: "hi" }] }] };

const hex = (s: string) => Buffer.from(s).toString("hex");
const b64 = (s: string) => Buffer.from(s).toString("base64");
/** How a server may write the key, as raw text that may sit inside a JSON string literal. */
const encodings: Record<string, string> = {
  "as is": KEY,
  "JSON \\u escapes, every character": [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
  "JSON escapes here and there (\\u0073, \\u002d, \\/)": KEY.replace("s", "\\u0073").replace("-", "\\u002d").replace("/", "\\/").replace("+", "\\u002B"),
  "JavaScript \\x escapes": [...KEY].map((c) => `\\\\x${hex(c)}`).join(""),
  "percent-encoded": encodeURIComponent(KEY),
  "percent-encoded, lower-case hex": encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  "percent-encoded, every character": [...KEY].map((c) => `%${hex(c)}`).join(""),
  "form-encoded (+ for space)": new URLSearchParams({ k: KEY }).toString().slice(2),
  "percent-encoded twice": encodeURIComponent(encodeURIComponent(KEY)),
  "base64": b64(KEY),
  "base64 after one byte": b64(`:${KEY}`),
  "base64 after two bytes (Basic auth)": b64(`u:${KEY}`),
  "base64 of a whole header line": b64(`Authorization: Bearer ${KEY}`),
  "base64url": b64(`xy${KEY}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  "base64, percent-encoded": encodeURIComponent(b64(KEY)),
  "HTML character references": [...KEY].map((c, i) => (i % 2 ? `&#${c.charCodeAt(0)};` : `&#x${hex(c)};`)).join(""),
  "upper case": KEY.toUpperCase(),
  "UTF-16 read as UTF-8 (a NUL after each character)": [...KEY].map((c) => `${c}\\u0000`).join(""),
  "zero-width spaces between the characters": [...KEY].join("\u200b"),
  "hex": hex(KEY),
  "HEX": hex(KEY).toUpperCase(),
};

/** Where a server may put it. `e` is the encoded key, ready to sit inside a JSON string. */
const places: Record<string, { sse?: boolean; status: number; body: (e: string) => string }> = {
  "Google's error message": { status: 400, body: (e) => `{"error": {"code": 400, "message": "API key not valid: ${e}", "status": "INVALID_ARGUMENT"}}` },
  "deep in the details, as value and as key": {
    status: 403,
    body: (e) => `{"error": {"code": 403, "message": "denied", "details": [{"metadata": {"${e}": "${e}", "list": [[[{"k": "key=${e}&x=1"}]]]}}]}}`,
  },
  "a gateway's OpenAI-style error": { status: 401, body: (e) => `{"error": {"message": "invalid token ${e}", "type": "new_api_error", "code": "invalid_api_key"}}` },
  "an HTML page": { status: 502, body: (e) => `<html><body><h1>502</h1><p>upstream said: ${e}</p></body></html>` },
  "a 200 that is an error": { status: 200, body: (e) => `{"error": {"message": "quota for ${e}"}}` },
  "a 200 that is a bare string": { status: 200, body: (e) => `"${e}"` },
  "an error frame mid-stream": { sse: true, status: 200, body: (e) => `data: {"candidates": []}\n\ndata: {"error": {"code": 500, "message": "${e}"}}\n\n` },
  "a broken frame": { sse: true, status: 200, body: (e) => `data: {"candidates": "${e}\n\n` },
  "a frame that is a string": { sse: true, status: 200, body: (e) => `data: "${e}"\n\n` },
};

let answer: (res: ServerResponse) => void;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((_req, res) => answer(res));
});
afterAll(() => server.close());

async function thrown(call: () => Promise<unknown>): Promise<GeminiApiError> {
  const error = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GeminiApiError);
  return error as GeminiApiError;
}

describe.each(Object.entries(places))("%s", (_place, place) => {
  test.each(Object.entries(encodings))("%s", async (_encoding, encoded) => {
    answer = (res) => {
      res.writeHead(place.status, { "content-type": place.sse ? "text/event-stream" : "application/json" });
      res.end(place.body(encoded));
    };
    const client = createGeminiClient({ provider: "kkiai", apiKey: KEY, baseUrl: server.url });
    const error = await thrown(async () => {
      if (!place.sse) return client.generateContent("m", request);
      for await (const _ of client.streamGenerateContent("m", request));
    });
    expect(leakIn(error, KEY)).toBeUndefined();
  });
});

test.each(Object.entries(encodings))("the typed POST's { error } body is masked too: %s", async (_encoding, encoded) => {
  answer = (res) => {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(`{"error": {"code": 401, "message": "invalid token ${encoded}", "details": [{"${encoded}": ["${encoded}"]}]}}`);
  };
  const client = createGeminiClient({ provider: "kkiai", apiKey: KEY, baseUrl: server.url });
  const { error, response } = await client.POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "m" } }, body: request });
  expect(response.status).toBe(401);
  expect((error as any).error.message).toMatch(/^invalid token /);
  expect(leakIn(error, KEY)).toBeUndefined();
});

test("a body nested deeper than any error is cut off, so that inspecting it cannot overflow the stack", async () => {
  answer = (res) => {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(`{"error": {"message": "deep", "details": ${"[".repeat(100_000)}"${KEY}"${"]".repeat(100_000)}}}`);
  };
  const error = await thrown(() => createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: server.url }).generateContent("m", request));
  expect(error.message).toBe("google: deep");
  expect(JSON.stringify(error)).toContain("[nested too deep]");
  expect(leakIn(error, KEY)).toBeUndefined();
});

test("the key in a network error's message (a fetch that names the URL) is masked, in every encoding", async () => {
  for (const encoded of Object.values(encodings)) {
    const fetch = async () => {
      throw new TypeError("fetch failed", { cause: new Error(`connect ECONNRESET for ${encoded}`) });
    };
    const error = await thrown(() => createGeminiClient({ provider: "kkiai", apiKey: KEY, baseUrl: server.url, fetch }).generateContent("m", request));
    expect(error).toMatchObject({ status: 0, code: "UNAVAILABLE", message: expect.stringMatching(/network error: connect ECONNRESET/) });
    expect(leakIn(error, KEY)).toBeUndefined();
  }
});

test("the oracle itself finds the key in each encoding when nothing masks it", () => {
  for (const [name, encoded] of Object.entries(encodings)) {
    const unmasked = new GeminiApiError("kkiai", 400, "INVALID_ARGUMENT", "x", { message: JSON.parse(`"${encoded.replace(/"/g, '\\"')}"`) });
    expect(leakIn(unmasked, KEY), name).toBeDefined();
  }
});
