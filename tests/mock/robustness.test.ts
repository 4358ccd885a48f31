// Thousands of malformed requests per provider: none may get a 5xx, every refusal is an error envelope,
// and the mock still answers a good request afterwards.
import http from "node:http";
import { describe, expect, test } from "vitest";
import { bundle, providers } from "../helpers/bundles.ts";
import { badRequests, hugeBody, type BadRequest } from "./bad-requests.ts";
import { call, credentials, mockOf, sampleRequest, raw } from "./helpers.ts";

const PER_PROVIDER = 2_000;

interface Answer { status: number; text: string }

function send(agent: http.Agent, baseUrl: string, r: BadRequest, chunked = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl + r.path);
    const req = http.request({ agent, host: url.hostname, port: url.port, method: r.method, path: url.pathname + url.search, headers: r.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    if (r.body !== undefined && chunked) {
      const body = Buffer.from(r.body);
      for (let at = 0; at < body.length; at += 1 << 20) req.write(body.subarray(at, at + (1 << 20)));
      req.end();
    } else {
      req.end(r.body);
    }
  });
}

async function inParallel<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  }));
  return results;
}

const isErrorEnvelope = (text: string) => {
  try {
    const body = JSON.parse(text);
    return typeof body?.error === "object" && typeof body.error.message === "string";
  } catch {
    return false;
  }
};

describe.each(providers)("%s mock under bad input", (id) => {
  test(`${PER_PROVIDER} generated bad requests: no 5xx, refusals in an error envelope, still answering after`, async () => {
    const { baseUrl } = mockOf(id);
    const { doc } = bundle(id);
    const validBody = sampleRequest(doc, "generateContent");
    const seed = [...id].reduce((h, c) => h * 31 + c.charCodeAt(0), 7);
    const requests = badRequests({ seed, count: PER_PROVIDER, validBody, endpoint: "/v1beta/models/gemini-2.5-flash:generateContent", auth: credentials(id) });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    try {
      const answers = await inParallel(requests, 16, (r) => send(agent, baseUrl, r));
      const problems: string[] = [];
      answers.forEach((a, i) => {
        const r = requests[i];
        if (a.status >= 500) problems.push(`${r.kind}: ${a.status} ${a.text.slice(0, 200)}`);
        else if (r.expect400 && a.status !== 400) problems.push(`${r.kind}: expected 400, got ${a.status} ${a.text.slice(0, 200)}`);
        else if (a.status >= 400 && r.method !== "HEAD" && !isErrorEnvelope(a.text)) problems.push(`${r.kind}: ${a.status} without an error envelope: ${a.text.slice(0, 200)}`);
      });
      const byKind = new Map<string, number>();
      for (const p of problems) byKind.set(p.split(":")[0], (byKind.get(p.split(":")[0]) ?? 0) + 1);
      expect(problems.slice(0, 10), `${problems.length} bad answers (${[...byKind].map(([k, n]) => `${k} ×${n}`).join(", ")})`).toEqual([]);
      // Most of these must really be refused: a generator that only produced valid requests proves nothing.
      expect(answers.filter((a) => a.status >= 400).length).toBeGreaterThan(PER_PROVIDER * 0.8);
      const kinds = new Set(requests.map((r) => r.kind));
      expect(kinds.size).toBeGreaterThanOrEqual(15);

      // Over the 20 MB limit, announced by Content-Length or not.
      const huge = { kind: "huge", method: "POST", path: `/v1beta/models/gemini-2.5-flash:generateContent${credentials(id).query ? `?${credentials(id).query}` : ""}`,
        headers: { "content-type": "application/json", ...credentials(id).headers }, body: hugeBody(21 * 1024 * 1024) };
      for (const chunked of [false, true]) {
        const answer = await send(agent, baseUrl, huge, chunked);
        expect(answer.status, `chunked=${chunked}`).toBe(400);
        expect(JSON.parse(answer.text).error.message).toMatch(/exceeds the limit/);
      }
    } finally {
      agent.destroy();
    }

    // What Node's parser refuses before any handler runs still gets a 4xx with a Google-shaped body.
    for (const bytes of [
      "BLAH /v1beta HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /v1beta/models/x:generateContent HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
      `POST /v1beta/models/x:generateContent HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      "POST /v1beta/models/x:generateContent HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
      "\u0000\u0001\u0002garbage\r\n\r\n",
    ]) {
      const text = await raw(baseUrl, bytes);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      expect(status, JSON.stringify(bytes.slice(0, 60))).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(isErrorEnvelope(text.slice(text.indexOf("\r\n\r\n") + 4)), text.slice(0, 300)).toBe(true);
    }

    const after = await call(id, "generateContent", { body: validBody });
    expect(after.status).toBe(200);
  });
});
