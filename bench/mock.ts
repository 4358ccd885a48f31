// Mock bench: start-up time per provider and throughput/latency at 32 connections, against a bare Node
// server returning the same bytes (the practical limit) and stock `prism mock`, all in the same run.
// Usage: npm run bench:mock   (writes the "mock" section of bench/RESULTS.md; BENCH_SECONDS=… shortens it)
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { cacheDir } from "../src/mock/cache.ts";
import { loadProvider } from "../src/mock/provider.ts";
import { credentialsFor } from "../src/security.ts";
import { bundlePaths, providerIds, repoRoot } from "../scripts/lib/providers.ts";
import { machine, median, writeSection } from "./lib/results.ts";

// autocannon ships no type declarations; this is the part of its API used here.
interface CannonResult { requests: { total: number }; duration: number; latency: { p50: number; p99: number }; non2xx: number; errors: number }

const autocannon = createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => Promise<CannonResult>;

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 3;
const STARTS = 3;
const KEY = "bench-key";
const TSX = path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
const PRISM = path.join(repoRoot, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
const PATH = "/v1beta/models/gemini-2.5-flash:generateContent";
const REQUEST = JSON.stringify({
  contents: [{ role: "user", parts: [{ text: "Why is the sky blue?" }] }],
  systemInstruction: { parts: [{ text: "Answer in two sentences." }] },
  generationConfig: { temperature: 0.7, maxOutputTokens: 256, thinkingConfig: { thinkingBudget: 0 } },
  safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }],
});

const ms = (x: number) => `${Math.round(x).toLocaleString("en")} ms`;

const freePort = () => new Promise<number>((resolve) => {
  const server = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address() as net.AddressInfo;
    server.close(() => resolve(port));
  });
});

/** What the provider's first security alternative needs, as headers and a query string. */
function auth(id: string) {
  const { headers, query } = credentialsFor(loadProvider(id).security[0] ?? [], KEY);
  return { headers: { "content-type": "application/json", ...headers }, query: query ? `?${query}` : "" };
}

interface Server { child: ChildProcess; url: string; readyMs: number; firstOkMs: number }

/**
 * Spawns a server and waits for its first 200 to the bench request; with `announces`, "ready" is when its
 * output says so (the mock prints its table only once it answers).
 */
async function spawnServer(args: string[], url: string, id = "google", options: { env?: NodeJS.ProcessEnv; announces?: RegExp } = {}): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const { headers, query } = auth(id);
  let readyMs = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited:\n${output}`);
    if (performance.now() - t0 > 120_000) throw new Error(`${args.join(" ")} did not start:\n${output}`);
    if (options.announces && !readyMs) {
      if (options.announces.test(output)) readyMs = performance.now() - t0;
      else {
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
    }
    try {
      const res = await fetch(url + PATH + query, { method: "POST", headers, body: REQUEST });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${args.join(" ")} answered ${res.status} to the bench request`);
      const firstOkMs = performance.now() - t0;
      return { child, url, readyMs: readyMs || firstOkMs, firstOkMs };
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // fetch failed: not listening yet
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGINT");
  });
}

async function startMock(id: string, workers = 1): Promise<Server> {
  const port = await freePort();
  const prefix = loadProvider(id).prefix;
  return spawnServer([TSX, "src/cli.ts", "mock", "--provider", id, "--port", String(port), "--workers", String(workers)],
    `http://127.0.0.1:${port}${prefix}`, id, { announces: /Ctrl-C/ });
}

async function startBare(body: Buffer): Promise<Server> {
  const port = await freePort();
  const code = `
    const body = Buffer.from(process.env.BODY, "base64");
    require("node:http").createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
        res.end(body);
      });
    }).listen(Number(process.env.PORT), "127.0.0.1");`;
  return spawnServer(["-e", code], `http://127.0.0.1:${port}`, "google", { env: { ...process.env, PORT: String(port), BODY: body.toString("base64") } });
}

async function startPrism(): Promise<Server> {
  const port = await freePort();
  return spawnServer([PRISM, "mock", bundlePaths("google").wire, "--port", String(port), "--host", "127.0.0.1", "--errors", "-v", "error"], `http://127.0.0.1:${port}`);
}

async function load(url: string) {
  const run = (duration: number) => autocannon({
    url: url + PATH,
    method: "POST",
    headers: auth("google").headers,
    body: REQUEST,
    connections: CONNECTIONS,
    duration,
  });
  await run(2); // warm-up: JIT, caches, keep-alive connections
  const result = await run(SECONDS);
  if (result.non2xx) throw new Error(`${url}: ${result.non2xx} non-2xx answers under load`);
  // Total over time rather than the mean of per-second samples, which rounds a very slow server down to 0.
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors };
}

/** The first start after the bundles changed: nothing in the mock cache yet. Refills the cache after. */
async function coldStart() {
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const server = await startMock("google");
  await stop(server.child);
  for (const id of providerIds()) await stop((await startMock(id)).child);
  return server.firstOkMs;
}

async function startupTimes() {
  const ids = providerIds();
  const times = new Map(ids.map((id) => [id, { ready: [] as number[], ok: [] as number[] }]));
  for (let round = 0; round < STARTS; round++) {
    for (const id of ids) {
      const server = await startMock(id);
      times.get(id)!.ready.push(server.readyMs);
      times.get(id)!.ok.push(server.firstOkMs);
      await stop(server.child);
    }
  }
  return ids.map((id) => `| ${id} | ${ms(median(times.get(id)!.ready))} | ${ms(median(times.get(id)!.ok))} |`);
}

/** All five in one process, as `npm start` starts them: spawn → table printed. */
async function startAllTime() {
  const t0 = performance.now();
  const child = spawn(process.execPath, [TSX, "src/cli.ts", "mock", "--port", "0"], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      output += d;
      if (/Ctrl-C/.test(output)) resolve();
    });
    child.once("exit", () => reject(new Error(`the mock command exited:\n${output}`)));
  });
  const elapsed = performance.now() - t0;
  await stop(child);
  return elapsed;
}

async function throughput() {
  // The bare peer answers with the mock's own bytes; and the mock must really be validating.
  const probe = await startMock("google");
  const body = Buffer.from(await (await fetch(probe.url + PATH, { method: "POST", headers: auth("google").headers, body: REQUEST })).arrayBuffer());
  const invalid = await fetch(probe.url + PATH, { method: "POST", headers: auth("google").headers, body: '{"contents":5}' });
  if (invalid.status !== 400) throw new Error(`the mock took an invalid body (${invalid.status}): validation is off`);
  await stop(probe.child);

  const peers: Array<[string, () => Promise<Server>]> = [
    ["bare node:http, same bytes", () => startBare(body)],
    ["mock, 1 process", () => startMock("google", 1)],
    ["mock, 2 processes (`--workers 2`)", () => startMock("google", 2)],
  ];
  const results = new Map<string, Array<{ rps: number; p50: number; p99: number; errors: number }>>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, start] of peers) {
      const server = await start();
      try {
        results.set(name, [...(results.get(name) ?? []), await load(server.url)]);
      } finally {
        await stop(server.child);
      }
    }
  }
  // Stock Prism once: it is slow to start and the slowest by far.
  const prism = await startPrism();
  const prismLatency: number[] = [];
  try {
    // One request at a time first: under load it may finish none at all.
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await (await fetch(prism.url + PATH, { method: "POST", headers: auth("google").headers, body: REQUEST })).arrayBuffer();
      prismLatency.push(performance.now() - t0);
    }
    results.set("stock `prism mock -v error` on the wire bundle", [await load(prism.url)]);
  } finally {
    await stop(prism.child);
  }
  const bare = median(results.get(peers[0][0])!.map((r) => r.rps));
  const rows = [...results].map(([name, runs]) => {
    const rps = median(runs.map((r) => r.rps));
    const errors = runs.reduce((n, r) => n + r.errors, 0);
    const latency = (pick: (r: { p50: number; p99: number }) => number) => (rps ? `${median(runs.map(pick))} ms` : "—");
    return `| ${name} | ${Math.round(rps).toLocaleString("en")} | ${(rps / bare).toFixed(2)} | ${latency((r) => r.p50)} | ${latency((r) => r.p99)} | ${errors} |`;
  });
  return { rows, prismStartMs: prism.firstOkMs, prismLatencyMs: median(prismLatency) };
}

/** A bare server that reads a body and parses it as JSON before answering: the floor for a 20 MB body. */
async function startParsingBare(): Promise<Server> {
  const port = await freePort();
  const code = `
    require("node:http").createServer((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c)).on("end", () => {
        try { JSON.parse(Buffer.concat(chunks).toString("utf8")); res.writeHead(200); } catch { res.writeHead(400); }
        res.end("{}");
      });
    }).listen(Number(process.env.PORT), "127.0.0.1");`;
  const child = spawn(process.execPath, ["-e", code], { env: { ...process.env, PORT: String(port) }, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    if (await fetch(url, { method: "POST", body: "{}" }).then(() => true, () => false)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, url, readyMs: 0, firstOkMs: 0 };
}

/**
 * The worst bodies at Google's 20 MB limit: the time to answer each (mock against a bare server that only reads
 * and parses the same bytes), and how long a small valid request from another client waits meanwhile.
 */
async function worstCase() {
  const MB = 1024 * 1024;
  const items = Math.floor((20 * MB - 64) / 2);
  const bodies: Array<[string, Buffer]> = [
    ["10 million bad items (`{\"contents\":[1,1,…]}`)", Buffer.concat([Buffer.from('{"contents":['), Buffer.alloc(items * 2 - 1, "1,"), Buffer.from("]}")])],
    ["1.9 million bad parts (`{\"text\":5}`)", Buffer.from(`{"contents":[{"parts":[${Array(1_900_000).fill('{"text":5}').join(",")}]}]}`)],
    ["one valid 20 MB text part", Buffer.from(JSON.stringify({ contents: [{ parts: [{ text: "a".repeat(20 * MB - 64) }] }] }))],
  ];
  const mock = await startMock("google");
  const bare = await startParsingBare();
  const time = async (url: string, body: Buffer) => {
    const t0 = performance.now();
    const res = await fetch(url + PATH, { method: "POST", headers: auth("google").headers, body: new Uint8Array(body) });
    await res.arrayBuffer();
    return { ms: performance.now() - t0, status: res.status };
  };
  const rows: string[] = [];
  try {
    for (const [name, body] of bodies) {
      const mockRuns: number[] = [];
      const bareRuns: number[] = [];
      const waits: number[] = [];
      let status = 0;
      for (let round = 0; round < 3; round++) {
        // While the big body is in flight, another client sends small valid requests one after another.
        let done = false;
        const big = time(mock.url, body).then((r) => ((done = true), r));
        await new Promise((r) => setTimeout(r, 20));
        while (!done) {
          const t0 = performance.now();
          await (await fetch(mock.url + PATH, { method: "POST", headers: auth("google").headers, body: REQUEST })).arrayBuffer();
          waits.push(performance.now() - t0);
        }
        const result = await big;
        status = result.status;
        mockRuns.push(result.ms);
        bareRuns.push((await time(bare.url, body)).ms);
      }
      const m = median(mockRuns);
      const b = median(bareRuns);
      rows.push(`| ${name} | ${status} | ${ms(m)} | ${ms(b)} | ${(m / b).toFixed(2)} | ${waits.length ? `${ms(median(waits))} / ${ms(Math.max(...waits))}` : "—"} |`);
    }
  } finally {
    await stop(mock.child);
    await stop(bare.child);
  }
  return rows;
}

const loadBefore = os.loadavg()[0];
const cold = await coldStart();
const startup = await startupTimes();
const all = await startAllTime();
const tp = await throughput();
const worst = await worstCase();
const section = `## Mock servers

Command: \`npm run bench:mock\` (bench/mock.ts). ${machine()} Load average (1 min): ${loadBefore.toFixed(1)} at the
start, ${os.loadavg()[0].toFixed(1)} at the end. The machine is shared, and the load generator (autocannon, in the
bench process) competes with the servers for its 2 cores: read the ratios more than the absolute numbers.

### Start-up (spawn → answering; median of ${STARTS})

\`tsx src/cli.ts mock --provider <id>\`: "ready" is when it prints its table (after it answered a request of its
own), "first 200" adds a valid generateContent call from outside. All five in one process (\`tsx src/cli.ts mock\`,
the mock part of \`npm start\`): ${ms(all)}. These starts load the compiled validators and Prism's parsed
operations from the mock cache; the first start after the bundles change builds them (google, spawn → first 200:
${ms(cold)}). Stock \`prism mock\` on the google wire bundle, spawn → first 200: ${ms(tp.prismStartMs)}.

| provider | ready | first 200 |
|---|---|---|
${startup.join("\n")}

### Throughput (google, generateContent, ${CONNECTIONS} connections, ${SECONDS} s after a 2 s warm-up; median of ${ROUNDS} rounds, Prism 1)

Every mock request is parsed and validated against the wire bundle (Ajv) before Prism's negotiator picks the
answer; the bare server reads the body and sends the same bytes without looking at it.

| server | req/s | × bare | p50 | p99 | errors (timeouts) |
|---|---|---|---|---|---|
${tp.rows.join("\n")}

### The worst bodies at the 20 MB limit (google, median of 3)

Time until the mock answers, against a bare Node server that only reads the same bytes and \`JSON.parse\`s them
(the floor: any server that reads JSON pays it); and meanwhile, the median and longest wait of small valid
requests another client sends one after another. Bodies over 256 KB are parsed and checked on a worker thread,
so the mock's own thread keeps answering; an invalid one is checked up to its first violation.

| body | answer | mock | bare parse | × bare | other client's requests meanwhile (median / longest) |
|---|---|---|---|---|---|
${worst.join("\n")}

Stock Prism on the wire bundle takes ${ms(tp.prismLatencyMs)} for a single request sent on its own (median of 3),
so at ${CONNECTIONS} connections its requests outlast autocannon's 10 s timeout. Its body validation fails to compile
the wire schemas and then lets the body through; the time is consistent with that compile being retried on
every request.
`;
writeSection("mock", section);
console.log(section);
