// The mock as a test double: a journal of what it received, scripted answers, injected failures and pacing,
// Google's strictness on demand, and a validating proxy that records. Each through `startMock` and the
// `/__mock/` endpoints; tests/publish/pack.test.ts runs them again from the installed package.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { createGeminiClient, GeminiApiError } from "../../src/index.ts";
import { type MockServer, ScriptError, startMock, type StartMockOptions } from "../../src/mock/index.ts";
import { parseSse } from "../../src/validate.ts";

const started: MockServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((m) => m.close()));
});
const mock = async (options: StartMockOptions) => {
  const m = await startMock(options);
  started.push(m);
  return m;
};
const hi = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
const post = (m: MockServer, body: unknown, { operation = "generateContent", query = "", headers = {} as Record<string, string> } = {}) =>
  fetch(`${m.baseUrl}/v1beta/models/gemini-2.5-flash:${operation}${query}`, { method: "POST", headers: { "x-goog-api-key": "secret-key-123", ...headers }, body: JSON.stringify(body) });

describe("journal", () => {
  test("lists every request oldest first, credentials redacted, with its judgement and answer; DELETE clears it", async () => {
    const m = await mock({ provider: "kkiai" });
    const withTools = {
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [{ role: "user", parts: [{ text: "Weather?" }] }],
      tools: [{ functionDeclarations: [{ name: "a", description: "A." }] }, { functionDeclarations: [{ name: "b", description: "B." }] }],
    };
    const call = (body: unknown) => fetch(`${m.baseUrl}/v1beta/models/gemini-2.5-flash-image:generateContent?key=the-secret-key`, {
      method: "POST", headers: { authorization: "Bearer the-secret-key", prefer: "example=basic-text" }, body: JSON.stringify(body),
    });
    expect((await call(withTools)).status).toBe(200);
    expect((await call({ contents: [{ parts: [{ text: 5 }] }] })).status).toBe(400);
    const res = await fetch(`${m.url}/__mock/requests`);
    expect(res.status).toBe(200);
    const journal = await res.json();
    expect(journal).toEqual(m.requests());
    expect(journal.map((e: any) => e.id)).toEqual([1, 2]);
    const [first, second] = journal;
    expect(first).toMatchObject({
      method: "POST", path: "/v1beta/models/gemini-2.5-flash-image:generateContent", operation: "generateContent",
      query: { key: "REDACTED" }, validation: { valid: true }, response: { status: 200, example: "basic-text" },
    });
    expect(first.headers.authorization).toBe("REDACTED");
    expect(first.body.systemInstruction.parts[0].text).toBe("Be brief.");
    expect(first.body.tools).toHaveLength(2);
    expect(second.validation.valid).toBe(false);
    expect(second.validation.violations[0].field).toBe("contents[0].parts[0].text");
    expect(second.response.status).toBe(400);
    expect(JSON.stringify(journal)).not.toContain("the-secret-key");

    expect((await fetch(`${m.url}/__mock/requests`, { method: "DELETE" })).status).toBe(204);
    expect(m.requests()).toEqual([]);
    await call(withTools);
    m.clearRequests();
    expect(m.requests()).toEqual([]);
  });

  test("the reserved path is answered on every provider, whatever its prefix, and refuses other methods", async () => {
    const m = await mock({ provider: "serevixai" });
    expect((await fetch(`${m.url}/__mock/requests`)).status).toBe(200);
    const wrong = await fetch(`${m.url}/__mock/requests`, { method: "POST", body: "{}" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, DELETE");
    expect((await fetch(`${m.url}/__mock/nothing`)).status).toBe(404);
  });
});

describe("scripted answers", () => {
  const call = { name: "get_weather", args: { city: "Paris" } };
  const text = (t: string) => ({ candidates: [{ content: { role: "model", parts: [{ text: t }] }, finishReason: "STOP", index: 0 }] });

  test("the next calls take the queued answers in order, then the defaults again", async () => {
    const m = await mock({ provider: "google" });
    const queued = await fetch(`${m.url}/__mock/script`, {
      method: "POST",
      body: JSON.stringify([
        { body: { candidates: [{ content: { role: "model", parts: [{ functionCall: call }] }, finishReason: "STOP" }] } },
        { body: text("It is sunny in Paris.") },
      ]),
    });
    expect(queued.status).toBe(200);
    expect(await queued.json()).toEqual({ queued: 2, waiting: 2 });
    const gemini = createGeminiClient({ provider: "google", apiKey: "k", baseUrl: m.baseUrl });
    const turn1 = await gemini.generateContent("gemini-2.5-flash", hi);
    expect(turn1.candidates?.[0]?.content?.parts?.[0]?.functionCall).toEqual(call);
    const turn2 = await gemini.generateContent("gemini-2.5-flash", {
      contents: [...hi.contents, { role: "model", parts: [{ functionCall: call }] }, { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { sky: "clear" } } }] }],
    });
    expect(turn2.candidates?.[0]?.content?.parts?.[0]?.text).toBe("It is sunny in Paris.");
    expect(m.requests().map((e) => e.response.source)).toEqual(["script", "script"]);
    const after = await gemini.generateContent("gemini-2.5-flash", hi);
    expect(after.candidates?.[0]?.content?.parts?.[0]?.text).not.toBe("It is sunny in Paris.");
  });

  test("on a stream a scripted answer is streamed: a body as chunks, an example by name, a status", async () => {
    const m = await mock({ provider: "google" });
    m.script([
      { body: text("The sky looks blue because air scatters the short wavelengths of sunlight the most.") },
      { example: "function-calling" },
      { status: 429 },
    ]);
    const frames = async () => parseSse(await (await post(m, hi, { operation: "streamGenerateContent", query: "?alt=sse" })).text()) as any[];
    const first = await frames();
    expect(first.length).toBeGreaterThan(1);
    expect(first.map((f) => f.candidates[0].content.parts[0].text).join("")).toBe("The sky looks blue because air scatters the short wavelengths of sunlight the most.");
    expect((await frames()).some((f) => f.candidates?.[0]?.content?.parts?.some((p: any) => p.functionCall))).toBe(true);
    const limited = await post(m, hi, { operation: "streamGenerateContent", query: "?alt=sse" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  test("an answer that cannot be served is refused when queued, and nothing of its script is queued", async () => {
    const m = await mock({ provider: "google" });
    for (const bad of [[{ example: "no-such-example" }], [{ body: { candidates: "many" } }], [{ body: {}, example: "basic-text" }], [{ frobnicate: 1 }], [{ operation: "nope", status: 200 }]]) {
      const res = await fetch(`${m.url}/__mock/script`, { method: "POST", body: JSON.stringify([{ status: 503 }, ...bad]) });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json()).error.message).toMatch(/^The script was not queued: answer 1: /);
    }
    expect(() => m.script({ example: "no-such-example" })).toThrow(ScriptError);
    expect(await (await fetch(`${m.url}/__mock/script`)).json()).toEqual([]);
  });
});

describe("failures and pacing", () => {
  const statuses = async (m: MockServer, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await post(m, hi)).status);
    return out;
  };

  test("a seeded fail rate fails the same requests every run; a 429 says when to come back", async () => {
    const a = await mock({ provider: "google", faults: { failRate: 0.4, failStatuses: [429, 503], seed: 42, retryAfterSeconds: 3 } });
    const b = await mock({ provider: "google", faults: { failRate: 0.4, failStatuses: [429, 503], seed: 42, retryAfterSeconds: 3 } });
    const runA = await statuses(a, 30);
    expect(await statuses(b, 30)).toEqual(runA);
    expect(runA.filter((s) => s === 200).length).toBeGreaterThan(5);
    expect(runA).toContain(429);
    expect(runA).toContain(503);
    for (;;) {
      const res = await post(a, hi);
      if (res.status !== 429) continue;
      expect(res.headers.get("retry-after")).toBe("3");
      const { error } = await res.json();
      expect(error.status).toBe("RESOURCE_EXHAUSTED");
      expect(error.details).toContainEqual({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "3s" });
      break;
    }
    // What a request asks for explicitly is never replaced by an injected failure.
    const explicit = await Promise.all(Array.from({ length: 10 }, () => post(a, hi, { headers: { prefer: "example=basic-text" } })));
    expect(explicit.map((r) => r.status)).toEqual(Array(10).fill(200));
  });

  test("delay holds the first byte, chunk-delay spaces the events, drop-after cuts the stream", async () => {
    const m = await mock({ provider: "google" });
    let t0 = performance.now();
    const delayed = await post(m, hi, { headers: { prefer: "delay=300" } });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(delayed.status).toBe(200);

    t0 = performance.now();
    const paced = await post(m, hi, { operation: "streamGenerateContent", query: "?alt=sse", headers: { prefer: "example=thinking, chunk-delay=150" } });
    const frames = parseSse(await paced.text());
    expect(frames.length).toBeGreaterThan(2);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150 * (frames.length - 1) - 10);

    const gemini = createGeminiClient({ provider: "google", apiKey: "k", baseUrl: m.baseUrl, headers: { prefer: "example=thinking, drop-after=2" } });
    const got: unknown[] = [];
    const cut = await (async () => {
      try {
        for await (const chunk of gemini.streamGenerateContent("gemini-2.5-flash", hi)) got.push(chunk);
      } catch (error) {
        return error;
      }
    })();
    expect(got).toHaveLength(2);
    expect(cut).toBeInstanceOf(GeminiApiError);
  });

  test("run-wide pacing applies to every answer, and a unary answer cut at 0 frames is a broken connection", async () => {
    const m = await mock({ provider: "tikhub", dropAfter: 0 });
    const gemini = createGeminiClient({ provider: "tikhub", apiKey: "k", baseUrl: m.baseUrl });
    await expect(gemini.generateContent("gemini-2.5-flash", hi)).rejects.toBeInstanceOf(GeminiApiError);
    expect(m.requests()[0].response.status).toBe(200);
  });
});

describe("Google's strictness, on demand", () => {
  const typo = { contents: hi.contents, generationConfig: { temprature: 0.2 } };

  test("by default an unknown field is taken and flagged; strict answers it as Google does", async () => {
    const lenient = await mock({ provider: "google" });
    const taken = await post(lenient, typo);
    expect(taken.status).toBe(200);
    expect(taken.headers.get("x-gemini-mock-drift")).toBe("unknown property generation_config.temprature");
    expect(lenient.requests()[0].drift).toEqual([{ kind: "unknown property", field: "generation_config.temprature", valueType: "number" }]);

    for (const [m, headers] of [[await mock({ provider: "google", strict: true }), {}], [lenient, { prefer: "strict" }]] as const) {
      const refused = await post(m, typo, { headers });
      expect(refused.status).toBe(400);
      const { error } = await refused.json();
      expect(error.status).toBe("INVALID_ARGUMENT");
      expect(error.message).toBe(`Invalid JSON payload received. Unknown name "temprature" at 'generation_config': Cannot find field.`);
      expect(error.details[0].fieldViolations).toEqual([{ field: "generation_config", description: error.message }]);
      const empty = await post(m, { contents: [] }, { headers });
      expect(empty.status).toBe(400);
      expect((await empty.json()).error.message).toBe("contents is not specified");
      expect((await post(m, hi, { headers })).status).toBe(200);
    }
  });
});

describe("validating proxy", () => {
  const servers: http.Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  /** A stand-in for a real provider: `answer` writes each response; it sees what the proxy forwards. */
  const upstream = async (answer: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) => {
    const seen: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c)).on("end", () => {
        seen.push({ url: req.url!, headers: req.headers, body });
        answer(req, res, body);
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  };
  const frame = (value: unknown) => `data: ${JSON.stringify(value)}\r\n\r\n`;
  const chunk = (text: string, last = false) => ({ candidates: [{ content: { role: "model", parts: [{ text }] }, ...(last ? { finishReason: "STOP" } : {}), index: 0 }] });

  test("passes conforming traffic through unchanged, with the caller's credentials, and records it redacted", async () => {
    const body = JSON.stringify({ ...chunk("Hello there", true), usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 3 } });
    const real = await upstream((_req, res) => res.writeHead(200, { "content-type": "application/json; charset=UTF-8", "x-upstream": "yes" }).end(body));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxy-record-"));
    const m = await mock({ provider: "google", proxy: real.url, record: dir });
    const res = await post(m, hi, { query: "?alt=json" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-upstream")).toBe("yes");
    expect(await res.text()).toBe(body);
    expect(real.seen[0].url).toBe("/v1beta/models/gemini-2.5-flash:generateContent?alt=json");
    expect(real.seen[0].headers["x-goog-api-key"]).toBe("secret-key-123");
    expect(JSON.parse(real.seen[0].body)).toEqual(hi);
    const [entry] = m.requests();
    expect(entry.response).toEqual({ status: 200, source: "proxy", violations: [] });
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    const text = fs.readFileSync(path.join(dir, files[0]), "utf8");
    expect(text).not.toContain("secret-key-123");
    expect(JSON.parse(text)).toMatchObject({ provider: "google", operation: "generateContent", source: "recorded", response: { status: 200, body: JSON.parse(body) } });
    fs.rmSync(dir, { recursive: true });
  });

  test("streams without buffering: the first event reaches the caller before the upstream has finished", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const real = await upstream((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(frame(chunk("Hel")));
      void released.then(() => res.end(frame(chunk("lo", true))));
    });
    const m = await mock({ provider: "google", proxy: real.url });
    const gemini = createGeminiClient({ provider: "google", apiKey: "k", baseUrl: m.baseUrl });
    const seen: string[] = [];
    for await (const c of gemini.streamGenerateContent("gemini-2.5-flash", hi)) {
      seen.push(c.candidates?.[0]?.content?.parts?.[0]?.text ?? "");
      if (seen.length === 1) release(); // only now may the upstream finish
    }
    expect(seen).toEqual(["Hel", "lo"]);
  });

  test("flags broken traffic frame by frame, and still passes it on as it came", async () => {
    const broken = frame(chunk("fine")) + frame({ candidates: "not a list" }) + frame(chunk("end", true));
    const real = await upstream((_req, res) => res.writeHead(200, { "content-type": "text/event-stream" }).end(broken));
    const m = await startMock({ provider: "google", proxy: real.url });
    started.push(m);
    const res = await post(m, { contents: [{ parts: [{ text: 5 }] }] }, { operation: "streamGenerateContent", query: "?alt=sse" });
    expect(await res.text()).toBe(broken);
    const [entry] = m.requests();
    expect(entry.validation?.valid).toBe(false);
    expect(entry.response.violations?.some((v) => v.startsWith("request: "))).toBe(true);
    expect(entry.response.violations?.some((v) => v.startsWith("frame 2: ") && v.includes("/candidates must be array"))).toBe(true);
    expect(entry.response.violations?.some((v) => v.startsWith("frame 1") || v.startsWith("frame 3"))).toBe(false);
  });

  test("an upstream that does not answer is a 502 in Google's envelope, not a hang", async () => {
    const m = await mock({ provider: "google", proxy: "http://127.0.0.1:9" });
    const res = await post(m, hi);
    expect(res.status).toBe(502);
    expect((await res.json()).error.status).toBe("UNAVAILABLE");
  });
});
