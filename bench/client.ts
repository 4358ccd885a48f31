// Client bench: bundle size (esbuild, minified, gzip, browser target), per-call overhead on a loopback server and
// SSE parse throughput, each against @google/genai and bare openapi-fetch/raw fetch in the same run.
// Usage: npm run bench:client   (writes the "client" section of bench/RESULTS.md)
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import zlib from "node:zlib";
import { build } from "esbuild";
import { GoogleGenAI } from "@google/genai";
import createClient from "openapi-fetch";
import { createParser } from "eventsource-parser";
import { corpusRecords } from "../scripts/lib/corpus.ts";
import { repoRoot } from "../scripts/lib/providers.ts";
import { createGeminiClient } from "../src/index.ts";
import { machine, median, writeSection } from "./lib/results.ts";

const KEY = "bench-key";

// A full collection before each timed run, so no contender pays for the garbage of the one before it.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
const request = { contents: [{ role: "user", parts: [{ text: "Write one sentence about the sea." }] }] };

/** Gzipped sizes: of what a page loads up front (the entry and every chunk it imports statically), and of all. */
async function gzipped(code: string): Promise<{ entry: number; total: number }> {
  const out = await build({
    stdin: { contents: code, resolveDir: repoRoot, loader: "ts" },
    bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022",
    splitting: true, outdir: "/virtual", write: false, logLevel: "error", metafile: true,
  });
  const size = new Map(out.outputFiles.map((f) => [f.path, zlib.gzipSync(f.contents, { level: 9 }).length]));
  // The metafile names outputs relative to the working directory.
  const imports = new Map(Object.entries(out.metafile!.outputs).map(([file, o]) => [path.resolve(file), o.imports.filter((i) => i.kind === "import-statement").map((i) => path.resolve(i.path))]));
  const upFront = new Set<string>();
  const visit = (file: string) => {
    if (upFront.has(file)) return;
    upFront.add(file);
    for (const imported of imports.get(file) ?? []) visit(imported);
  };
  visit("/virtual/stdin.js");
  return { entry: [...upFront].reduce((n, f) => n + size.get(f)!, 0), total: [...size.values()].reduce((n, s) => n + s, 0) };
}

async function bundleSizes() {
  return {
    ours: await gzipped(`export { createGeminiClient, GeminiApiError } from "./src/index.ts";`),
    genai: await gzipped(`export { GoogleGenAI } from "@google/genai";`),
    openapiFetch: await gzipped(`export { default } from "openapi-fetch";`),
  };
}

function serve(handler: http.RequestListener): Promise<{ url: string; close: () => void }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  })));
}

async function callOverhead(rounds: number, calls: number) {
  const reply = JSON.stringify(corpusRecords().find(({ record }) => record.response.status === 200 && record.response.body && !Array.isArray(record.response.body))!.record.response.body);
  const server = await serve((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(reply));
  });
  const url = `${server.url}/v1beta/models/gemini-2.5-flash:generateContent`;
  const ours = createGeminiClient({ provider: "google", apiKey: KEY, baseUrl: server.url });
  const bare = createClient<any>({ baseUrl: server.url, headers: { "x-goog-api-key": KEY } });
  const genai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: server.url } });
  const contenders: Record<string, () => Promise<unknown>> = {
    "raw fetch": () => fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": KEY }, body: JSON.stringify(request) }).then((r) => r.json()),
    "this client: generateContent": () => ours.generateContent("gemini-2.5-flash", request),
    "this client: POST (openapi-fetch)": () => ours.POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "gemini-2.5-flash" } }, body: request }),
    "bare openapi-fetch": () => bare.POST("/v1beta/models/{model}:generateContent", { params: { path: { model: "gemini-2.5-flash" } }, body: request }),
    "@google/genai": () => genai.models.generateContent({ model: "gemini-2.5-flash", contents: request.contents }),
  };
  const perCall: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let round = -1; round < rounds; round++) {
    // Interleaved rounds in a rotating order, so drift in machine load hits every contender alike; round -1 warms up.
    const names = Object.keys(contenders);
    const order = names.map((_, i) => names[(i + Math.max(round, 0)) % names.length]);
    for (const name of order) {
      collectGarbage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) await contenders[name]();
      if (round >= 0) perCall[name].push(Number(process.hrtime.bigint() - start) / 1e3 / calls);
    }
  }
  server.close();
  return Object.fromEntries(Object.entries(perCall).map(([k, v]) => [k, median(v)]));
}

/** A large SSE body made of the corpus's recorded chunks, repeated. */
function largeStream(bytes: number): string {
  const events = corpusRecords()
    .filter(({ record }) => record.response.contentType.includes("event-stream") && record.response.status === 200)
    .flatMap(({ record }) => record.response.events!.filter((e: any) => !e?.error));
  const frames: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const frame = `data: ${JSON.stringify(events[i % events.length])}\r\n\r\n`;
    frames.push(frame);
    size += Buffer.byteLength(frame);
  }
  return frames.join("");
}

/** Node's own fetch, kept before @google/genai's runs swap the global. */
const networkFetch = globalThis.fetch;

/** Readers of one SSE body; `open` returns the response (from memory or from a loopback server). */
function sseReaders(baseUrl: string, open: () => Promise<Response>) {
  const ours = createGeminiClient({ provider: "google", apiKey: KEY, baseUrl, fetch: open });
  const genai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl } });
  return {
    "this client: streamGenerateContent": async () => {
      let n = 0;
      for await (const _ of ours.streamGenerateContent("gemini-2.5-flash", request)) n++;
      return n;
    },
    "eventsource-parser + JSON.parse (floor)": async () => {
      let n = 0;
      const parser = createParser({ onEvent: (e) => (JSON.parse(e.data), n++) });
      const decoder = new TextDecoder();
      for await (const chunk of (await open()).body!) parser.feed(decoder.decode(chunk, { stream: true }));
      return n;
    },
    "@google/genai: generateContentStream": async () => {
      // The SDK takes no fetch option: it calls the global one, swapped for the same source while it runs.
      const global = globalThis.fetch;
      globalThis.fetch = open;
      try {
        let n = 0;
        for await (const _ of await genai.models.generateContentStream({ model: "gemini-2.5-flash", contents: request.contents })) n++;
        return n;
      } finally {
        globalThis.fetch = global;
      }
    },
  } as Record<string, () => Promise<number>>;
}

async function sseThroughput(rounds: number) {
  const body = Buffer.from(largeStream(6.5 * 1024 * 1024));
  const server = await serve((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (let i = 0; i < body.length; i += 16_384) res.write(body.subarray(i, i + 16_384));
    res.end();
  });
  const fromMemory = async () => new Response(new ReadableStream({
    start(controller) {
      for (let i = 0; i < body.length; i += 16_384) controller.enqueue(body.subarray(i, i + 16_384));
      controller.close();
    },
  }), { headers: { "content-type": "text/event-stream" } });
  const fromLoopback = () => networkFetch(`${server.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { method: "POST", body: "{}" });
  const modes = { memory: sseReaders(server.url, fromMemory), loopback: sseReaders(server.url, fromLoopback) };
  // Per mode and reader: MB/s (wall clock) and CPU ms of this process per stream (the loopback server runs in it
  // too, alike for every reader). CPU time is the steadier figure on a shared machine: other load lengthens
  // the wall clock, much less the work done.
  const rates: Record<string, Record<string, number[]>> = { memory: {}, loopback: {} };
  const cpu: Record<string, Record<string, number[]>> = { memory: {}, loopback: {} };
  let frames = 0;
  for (let round = -1; round < rounds; round++) {
    for (const [mode, readers] of Object.entries(modes)) {
      const names = Object.keys(readers);
      for (const name of names.map((_, i) => names[(i + Math.max(round, 0)) % names.length])) {
        collectGarbage();
        const start = performance.now();
        const before = process.cpuUsage();
        frames = await readers[name]();
        const used = process.cpuUsage(before);
        if (round < 0) continue; // warm-up
        (rates[mode][name] ??= []).push(body.length / 1024 / 1024 / ((performance.now() - start) / 1000));
        (cpu[mode][name] ??= []).push((used.user + used.system) / 1000);
      }
    }
  }
  server.close();
  const medians = (m: Record<string, number[]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, median(v)]));
  return {
    mb: body.length / 1024 / 1024, frames,
    memory: medians(rates.memory), loopback: medians(rates.loopback), memoryCpu: medians(cpu.memory), loopbackCpu: medians(cpu.loopback),
  };
}

const loadBefore = os.loadavg()[0];
const sizes = await bundleSizes();
const overhead = await callOverhead(7, 400);
const sse = await sseThroughput(11);
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
const raw = overhead["raw fetch"];
const floor = "eventsource-parser + JSON.parse (floor)";

const report = `## Client

Command: \`npm run bench:client\` (bench/client.ts). ${machine()} Load average (1 min): ${loadBefore.toFixed(1)} at
the start, ${os.loadavg()[0].toFixed(1)} at the end. Absolute figures move by a third or more between runs on this
shared VM, with other work on its 2 cores; compare the ratios, taken within one run.

### Bundle size (esbuild --bundle --minify, browser, ES2022, gzip -9)

| bundle | loaded up front | everything |
|---|---|---|
| this client (\`createGeminiClient\`, all its methods, \`GeminiApiError\`) | ${kb(sizes.ours.entry)} | ${kb(sizes.ours.total)} |
| @google/genai (\`GoogleGenAI\`) | ${kb(sizes.genai.entry)} | ${kb(sizes.genai.total)} |
| bare openapi-fetch | ${kb(sizes.openapiFetch.entry)} | ${kb(sizes.openapiFetch.total)} |

"Loaded up front" is the entry file and every chunk it imports statically. "Everything" adds the openapi-fetch
chunk, which this client imports on the first \`GET\`/\`POST\`/… call only; its own methods (\`generateContent\`,
\`streamGenerateContent\`, \`countTokens\`, the embeddings, the model list) never load it.

### Per-call overhead (sequential generateContent calls, loopback server answering a recorded response)

Median of 7 interleaved rounds of 400 calls each.

| client | µs per call | × raw fetch |
|---|---|---|
${Object.entries(overhead).map(([k, v]) => `| ${k} | ${v.toFixed(0)} | ${(v / raw).toFixed(2)} |`).join("\n")}

### SSE parse throughput (${sse.mb.toFixed(1)} MB stream of recorded Gemini chunks, ${sse.frames} frames)

Median of 11 rounds (after one warm-up), readers in a rotating order. "From memory": every reader gets the same
body from an in-memory stream (the parse cost alone). "Over loopback": from a local server through Node's fetch.
The floor is fetch + eventsource-parser + JSON.parse of each frame, with no checks and nothing handed over;
"× floor" is a reader's speed over the floor's: MB/s ÷ the floor's MB/s, and the floor's CPU time per stream
÷ the reader's.

| reader | from memory, MB/s | × floor | × floor (CPU) | over loopback, MB/s | × floor | × floor (CPU) |
|---|---|---|---|---|---|---|
${Object.keys(sse.memory).map((k) => `| ${k} | ${sse.memory[k].toFixed(1)} | ${(sse.memory[k] / sse.memory[floor]).toFixed(2)} | ${(sse.memoryCpu[floor] / sse.memoryCpu[k]).toFixed(2)} | ${sse.loopback[k].toFixed(1)} | ${(sse.loopback[k] / sse.loopback[floor]).toFixed(2)} | ${(sse.loopbackCpu[floor] / sse.loopbackCpu[k]).toFixed(2)} |`).join("\n")}
`;
writeSection("client", report);
console.log(report);
