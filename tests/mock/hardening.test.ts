// What an adversarial pass found and what must hold now: no request body, however full of errors, stalls a mock
// for anybody (the test fails on a hang: it has to answer within the test's time, there is no threshold);
// `Prefer` never quietly answers something else than asked; dynamic answers are generated off the mock's
// thread and streamed as events; a request without Host or with an unknown Expect gets an error body.
import http from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMock, type MockServer } from "../../src/mock/index.ts";
import { parseSse } from "../../src/validate.ts";
import { call, credentials, mockOf, raw } from "./helpers.ts";

const MB = 1024 * 1024;
const path = (id: string, operation = "generateContent", query = "") => {
  const q = [query, credentials(id).query].filter(Boolean).join("&");
  return `/v1beta/models/gemini-2.5-flash:${operation}${q ? `?${q}` : ""}`;
};

/** POSTs raw bytes on a connection of its own. */
function post(baseUrl: string, target: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl + target);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", agent: false, headers: { "content-type": "application/json", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c)).on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** `{"contents":[{"parts":[{"text":5}, …]}]}` with `count` bad parts. */
const badParts = (count: number) => Buffer.from(`{"contents":[{"parts":[${Array(count).fill('{"text":5}').join(",")}]}]}`);
/** `{"contents":[1,1,…]}` of about `bytes`: every item wrong. */
const badItems = (bytes: number) => {
  const count = Math.floor((bytes - 16) / 2);
  return Buffer.concat([Buffer.from('{"contents":['), Buffer.alloc(count * 2 - 1, "1,"), Buffer.from("]}")]);
};

describe.each(["google", "tikhub", "kkiai", "serevixai", "selfhosted"])("%s mock, bodies full of errors", (id) => {
  const { headers } = credentials(id);

  test("each is answered with a bounded 400, and a valid request sent alongside is answered too", { timeout: 60_000 }, async () => {
    const { baseUrl } = mockOf(id);
    const bad = [
      { name: "60 KB, 5,000 bad parts (every violation counted)", body: badParts(5_000), encoding: undefined },
      { name: "220 KB, 20,000 bad parts", body: badParts(20_000), encoding: undefined },
      { name: "2 KB of gzip, a million bad items", body: gzipSync(badItems(2 * MB), { level: 9 }), encoding: "gzip" },
      { name: "the 20 MB limit, ten million bad items", body: badItems(20 * MB - 64), encoding: undefined },
    ];
    const answers = bad.map((b) => post(baseUrl, path(id), { ...headers, ...(b.encoding ? { "content-encoding": b.encoding } : {}) }, b.body));
    const valid = post(baseUrl, path(id), headers, Buffer.from(JSON.stringify({ contents: [{ parts: [{ text: "hi" }] }] })));
    expect((await valid).status).toBe(200);
    for (const [i, answer] of (await Promise.all(answers)).entries()) {
      expect(answer.status, bad[i].name).toBe(400);
      const { error } = JSON.parse(answer.text);
      expect(error.status).toBe("INVALID_ARGUMENT");
      const violations = error.details[0].fieldViolations;
      expect(violations.length, bad[i].name).toBeGreaterThanOrEqual(1);
      expect(violations.length, bad[i].name).toBeLessThanOrEqual(8);
      if (i === 0) {
        // Small enough to be checked through: the message counts what details leaves out.
        expect(error.message).toMatch(/\(and 4999 more; the first 8 are in details\)/);
        expect(violations[0].field).toBe("contents[0].parts[0].text");
      } else {
        expect(error.message, bad[i].name).toMatch(/the first violation found: a body over 64 KB is not checked further/);
      }
    }
  });
});

describe("Prefer never answers something else than asked", () => {
  test("a status with an example of another status is a 400 naming the examples of that status", async () => {
    const res = await call("google", "generateContent", { headers: { prefer: "code=429, example=basic-text" }, body: { contents: [{ parts: [{ text: "hi" }] }] } });
    expect(res.status).toBe(400);
    const { error } = JSON.parse(res.text);
    expect(error.message).toMatch(/example=basic-text is not an example of the 429 response/);
    expect(error.message).toMatch(/Examples for 429: resource-exhausted/);
    const ok = await call("google", "generateContent", { headers: { prefer: "code=429, example=resource-exhausted" }, body: { contents: [{ parts: [{ text: "hi" }] }] } });
    expect(ok.status).toBe(429);
  });
});

describe("Prefer: dynamic=true", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ provider: "google" });
  });
  afterAll(() => mock.close());
  const send = (operation: string, query = "", prefer = "dynamic=true") =>
    fetch(`${mock.baseUrl}/v1beta/models/gemini-2.5-flash:${operation}${query}`, {
      method: "POST", headers: { "x-goog-api-key": "k", prefer }, body: JSON.stringify({ contents: [{ parts: [{ text: "hi" }] }] }),
    });

  test("is generated off the mock's thread: a plain request sent after it is answered before it", { timeout: 60_000 }, async () => {
    let dynamicDone = false;
    const dynamic = send("generateContent").then(async (res) => {
      dynamicDone = true;
      return { status: res.status, body: await res.json() };
    });
    // The first dynamic answer starts the generator's thread and loads Prism's generator there (seconds).
    const plain = await send("generateContent", "", "example=basic-text");
    expect(plain.status).toBe(200);
    expect(dynamicDone).toBe(false);
    const generated = await dynamic;
    expect(generated.status).toBe(200);
    expect(typeof generated.body).toBe("object");
  });

  test("on a stream it is a series of data: events, each a response object", { timeout: 60_000 }, async () => {
    const res = await send("streamGenerateContent", "?alt=sse");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const text = await res.text();
    expect(text).toMatch(/^data: \{/);
    const events = parseSse(text);
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const event of events) expect(event && typeof event === "object" && !Array.isArray(event)).toBe(true);
  });
});

describe.each(["google", "kkiai"])("%s: what Node would answer with an empty body", (id) => {
  const body = JSON.stringify({ contents: [{ parts: [{ text: "hi" }] }] });
  const auth = Object.entries(credentials(id).headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");

  test.each([
    ["no Host header", `POST ${path(id)} HTTP/1.1\r\n${auth}Connection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`, 400],
    ["Expect: foo", `POST ${path(id)} HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\nExpect: foo\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`, 417],
  ])("%s gets Google's error envelope", async (_name, bytes, status) => {
    const text = await raw(mockOf(id).baseUrl, bytes);
    expect(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1])).toBe(status);
    const { error } = JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4));
    expect(error.code).toBe(status);
    expect(error.message).toEqual(expect.any(String));
  });
});
