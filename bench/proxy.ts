// Proxy bench: what `mock --proxy` adds to a call — checking the request, passing the answer through while
// checking it (every event of a stream) and journaling it — against calling the same upstream directly, in
// the same run. The upstream is a bare local server answering fixed bytes, so the difference is the proxy's.
// Usage: npm run bench:proxy   (writes the "proxy" section of bench/RESULTS.md)
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { startMock } from "../src/mock/index.ts";
import { machine, median, writeSection } from "./lib/results.ts";

const REQUESTS = 400;
const STREAMS = 60;
const FRAMES = 50;
const PATH = "/v1beta/models/gemini-2.5-flash";
const BODY = JSON.stringify({ contents: [{ role: "user", parts: [{ text: "Why is the sky blue?" }] }] });
const reply = (text: string, last = false) => ({
  candidates: [{ content: { role: "model", parts: [{ text }] }, index: 0, ...(last ? { finishReason: "STOP" } : {}) }],
  usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 40, totalTokenCount: 48 },
  modelVersion: "gemini-2.5-flash",
});
const unary = Buffer.from(JSON.stringify(reply("The sky is blue because air scatters short wavelengths of sunlight more than long ones.", true)));
const stream = Buffer.from(Array.from({ length: FRAMES }, (_, i) => `data: ${JSON.stringify(reply(`word ${i} `, i === FRAMES - 1))}\r\n\r\n`).join(""));

const upstream = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const sse = req.url!.includes("streamGenerateContent");
    res.writeHead(200, { "content-type": sse ? "text/event-stream" : "application/json; charset=utf-8", "content-length": String((sse ? stream : unary).length) });
    res.end(sse ? stream : unary);
  });
});
await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
const direct = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
const proxy = await startMock({ provider: "google", proxy: direct });

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function post(base: string, path: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const url = new URL(base + path);
    const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": "bench-key" } }, (res) => {
      let bytes = 0;
      res.on("data", (c) => (bytes += c.length)).on("end", () => resolve({ ms: performance.now() - t0, bytes }));
    });
    req.on("error", reject);
    req.end(BODY);
  });
}

async function measure(base: string, path: string, n: number) {
  for (let i = 0; i < 20; i++) await post(base, path); // warm-up: JIT, connection, validators
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await post(base, path)).ms);
  return median(times);
}

const rounds = { unary: { direct: [] as number[], proxy: [] as number[] }, sse: { direct: [] as number[], proxy: [] as number[] } };
for (let round = 0; round < 3; round++) {
  rounds.unary.direct.push(await measure(direct, `${PATH}:generateContent`, REQUESTS));
  rounds.unary.proxy.push(await measure(proxy.baseUrl, `${PATH}:generateContent`, REQUESTS));
  rounds.sse.direct.push(await measure(direct, `${PATH}:streamGenerateContent?alt=sse`, STREAMS));
  rounds.sse.proxy.push(await measure(proxy.baseUrl, `${PATH}:streamGenerateContent?alt=sse`, STREAMS));
}
const violations = proxy.requests().filter((e) => e.response.violations?.length).length;
await proxy.close();
upstream.close();
agent.destroy();

const u = { direct: median(rounds.unary.direct), proxy: median(rounds.unary.proxy) };
const s = { direct: median(rounds.sse.direct), proxy: median(rounds.sse.proxy) };
const ms = (x: number) => `${x.toFixed(2)} ms`;
const section = `## Validating proxy

Command: \`npm run bench:proxy\` (bench/proxy.ts). ${machine()} Load average (1 min): ${os.loadavg()[0].toFixed(1)}. One
connection, requests one after another (median of ${REQUESTS} calls, or ${STREAMS} streams of ${FRAMES} events, per round;
median of 3 rounds). The upstream is a bare local server sending fixed bytes; "proxy" is \`startMock({ provider:
"google", proxy })\` in front of it, checking each request and every answer (each event of a stream) against the
bundle and journaling it. ${violations} of the proxied exchanges were flagged (there should be none: the traffic conforms).

| call | direct | through the proxy | × direct | added |
|---|---|---|---|---|
| generateContent | ${ms(u.direct)} | ${ms(u.proxy)} | ${(u.proxy / u.direct).toFixed(2)} | ${ms(u.proxy - u.direct)} per request |
| streamGenerateContent, ${FRAMES} events | ${ms(s.direct)} | ${ms(s.proxy)} | ${(s.proxy / s.direct).toFixed(2)} | ${ms(s.proxy - s.direct)} per stream, ${ms((s.proxy - s.direct) / FRAMES)} per event |
`;
writeSection("proxy", section);
console.log(section);
