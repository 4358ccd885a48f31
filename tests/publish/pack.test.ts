// The npm package as a user gets it: `npm pack` (which builds dist/ and the precompiled mock cache through
// `prepack`), then `npm install gemini-native-openapi` in an empty project from a registry on loopback that
// serves the tarball and its dependencies (packed from node_modules), exactly as from npmjs.org but offline.
// There: the client against a local server, the specs through the exports map, the declarations under tsc, the
// `gemini-native-openapi` command (help, mock, check, replay) and the mock as a library.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LocalRegistry, registryWith } from "../../scripts/lib/local-registry.ts";
import { readJson, repoRoot } from "../../scripts/lib/providers.ts";
import { providers } from "../helpers/bundles.ts";

const ARTEFACTS = ["openapi.json", "openapi.yaml", "openapi.dereferenced.json", "openapi.3.0.json", "openapi.3.2.json", "openapi.3.2.yaml", "openapi.wire.json"];
const consumer = path.join(repoRoot, "tests", "publish", "consumer");
const run = promisify(execFile);
const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
let tmp = "";
let app = "";
let tarball = "";
let registry: LocalRegistry;
const children: Array<() => void> = [];

/** Runs a command in the consumer project; never throws, answers the exit status and both outputs. */
async function inApp(file: string, args: string[], extraEnv: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: app, encoding: "utf8", env: { ...env, ...extraEnv }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: typeof error.code === "number" ? error.code : 1, stdout: String(error.stdout ?? ""), stderr: String(error.stderr ?? error.message) };
  }
}

const npx = (args: string[], extraEnv?: Record<string, string>) => inApp("npx", ["--no-install", "gemini-native-openapi", ...args], extraEnv);

/** Starts a long-running command of the package (`npx gemini-native-openapi …`) until `ready` shows in its output. */
async function serve(args: string[], ready: RegExp) {
  const child = spawn("npx", ["--no-install", "gemini-native-openapi", ...args], { cwd: app, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // gone already
    }
  };
  children.push(kill);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => ready.test(output) && (clearInterval(timer), resolve()), 20);
    exited.then(() => (clearInterval(timer), reject(new Error(`${args.join(" ")} exited early:\n${output}`))));
  });
  // Ctrl-C in a terminal: SIGINT to the whole foreground group (npx and the server it runs).
  return { output: () => output, stop: async () => (process.kill(-child.pid!, "SIGINT"), exited) };
}

const refuses = (url: string) => fetch(url, { signal: AbortSignal.timeout(5_000) }).then(() => false, () => true);

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-pack-"));
  const dependencies = Object.keys(readJson(path.join(repoRoot, "package.json")).dependencies ?? {});
  const served = await registryWith(tmp, dependencies);
  registry = served.registry;
  tarball = served.packed.find((p) => p.name === "gemini-native-openapi")!.file;
  app = path.join(tmp, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // As a user installs it: by name, from a registry (this one, on loopback), with an empty cache.
  await run("npm", ["install", "gemini-native-openapi", "--registry", registry.url, "--cache", path.join(tmp, "cache"), "--no-audit", "--no-fund"], { cwd: app, env });
  for (const file of ["use-client.mjs", "use-mock.mjs", "use-test-double.mjs", "tsconfig.json"]) fs.copyFileSync(path.join(consumer, file), path.join(app, file));
  fs.copyFileSync(path.join(consumer, "use-types.ts.txt"), path.join(app, "use-types.ts"));
}, 600_000);

afterAll(async () => {
  children.forEach((kill) => kill());
  await registry?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("npm package", () => {
  test("the tarball holds the client, the command, the mock, their declarations and every provider's artefacts, and nothing else", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball], { encoding: "utf8" });
    const files = stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    for (const file of ["dist/src/index.js", "dist/src/index.d.ts", "dist/src/cli.js", "dist/src/mock/index.js", "dist/src/mock/index.d.ts",
      "dist/generated/providers.js", "README.md", "LICENSE", "CHANGELOG.md", "package.json"]) {
      expect(files).toContain(file);
    }
    for (const id of providers) {
      for (const artefact of ARTEFACTS) expect(files).toContain(`generated/${id}/${artefact}`);
      expect(files).toContain(`dist/generated/${id}/types.d.ts`);
    }
    // The mock's compiled validators and Prism's operations, so an installed mock starts warm.
    expect(files.filter((f) => f.startsWith("dist/mock-cache/request-validators-")).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith("dist/mock-cache/prism-operations-")).length).toBe(providers.length);
    expect(files.filter((f) => /^(spec|scripts|tests|releases|reference|src|node_modules|\.scratch|bench)\//.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  test("installed by name, the client calls a server and the specs load through the exports map", async () => {
    const { stdout, stderr } = await inApp(process.execPath, ["use-client.mjs", ...providers]);
    expect(stderr).toBe("");
    const out = JSON.parse(stdout.trim());
    expect(out.text).toBe("Hello");
    expect(out.streamed).toEqual(["Hel", "lo"]);
    expect(out.error).toEqual({ isGeminiApiError: true, status: 404, code: "NOT_FOUND" });
    expect(out.tokens).toBe(1);
    expect(out.models).toEqual(["models/a", "models/b"]);
    expect(out.refused).toEqual({ isGeminiApiError: true, code: "UNIMPLEMENTED" });
    expect(out.requests).toEqual([
      { method: "POST", path: "/v1beta/models/gemini-2.5-flash:generateContent", key: "test-key", text: "hi" },
      { method: "POST", path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", key: "test-key", text: "hi" },
      { method: "POST", path: "/v1beta/models/unknown-model:generateContent", key: "test-key", text: "hi" },
      { method: "POST", path: "/v1beta/models/gemini-2.5-flash:countTokens", key: "test-key", text: "hi" },
      { method: "GET", path: "/v1beta/models?pageSize=1", key: "test-key" },
      { method: "GET", path: "/v1beta/models?pageSize=1&pageToken=p2", key: "test-key" },
    ]);
    expect(out.spec).toEqual({
      openapi: "3.1.0",
      operations: ["generateContent", "streamGenerateContent", "countTokens", "embedContent", "batchEmbedContents", "listModels", "getModel"],
    });
    for (const id of providers) {
      expect(out.files[`${id}/openapi.yaml`]).toMatch(/^openapi: 3\.1\.0/);
      expect(out.files[`${id}/openapi.3.0.json`].openapi).toBe("3.0.3");
      expect(out.files[`${id}/openapi.3.2.json`].openapi).toBe("3.2.0");
      expect(out.files[`${id}/openapi.3.2.yaml`]).toMatch(/^openapi: 3\.2\.0/);
      for (const artefact of ["openapi.json", "openapi.dereferenced.json", "openapi.wire.json"]) {
        expect(out.files[`${id}/${artefact}`].openapi, `${id}/${artefact}`).toBe("3.1.0");
      }
    }
  });

  test("a TypeScript project type-checks against the shipped declarations (client, mock and per-provider types)", async () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const { code, stdout, stderr } = await inApp(process.execPath, [tsc, "-p", "tsconfig.json"]);
    expect(`${stdout}${stderr}`).toBe("");
    expect(code).toBe(0);
  });

  test("npx gemini-native-openapi --help, and --help on every command", async () => {
    const top = await npx(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: gemini-native-openapi <command>/);
    for (const command of ["mock", "check", "replay"]) {
      expect(top.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
      const own = await npx([command, "--help"]);
      expect(own.code, command).toBe(0);
      expect(own.stdout).toMatch(new RegExp(`^Usage: gemini-native-openapi ${command} `));
      expect(own.stderr).toBe("");
    }
    expect((await npx(["--version"])).stdout.trim()).toBe(readJson(path.join(repoRoot, "package.json")).version);
  });

  test("a mistake is one line on stderr and exit status 2, never a stack trace", async () => {
    for (const args of [["mock", "--no-such-option"], ["check"], ["check", "--provider", "nowhere"], ["replay", "--provider", "google"], ["mock", "--port", "http"], ["frobnicate"], []]) {
      const { code, stdout, stderr } = await npx(args);
      expect(code, args.join(" ")).toBe(2);
      if (args.length) {
        expect(stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
        expect(stderr, args.join(" ")).toMatch(/^gemini-native-openapi/);
        expect(stdout).toBe("");
      }
      expect(stderr).not.toMatch(/^\s+at /m);
    }
  });

  test("mock --provider tikhub serves a 200 for a valid call and a 400 for a bad body; check passes against it; Ctrl-C stops it", async () => {
    const mock = await serve(["mock", "--provider", "tikhub", "--port", "0"], /Ctrl-C stops the mocks/);
    const url = /\| tikhub \| (http:\/\/\S+) \|/.exec(mock.output())![1];
    const call = (body: unknown) => fetch(`${url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: "POST", headers: { "x-goog-api-key": "test-key", "content-type": "application/json" }, body: JSON.stringify(body),
    });
    const ok = await call({ contents: [{ role: "user", parts: [{ text: "Hi" }] }] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).candidates.length).toBeGreaterThan(0);
    const bad = await call({ contents: [{ parts: [{ text: 5 }] }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.status).toBe("INVALID_ARGUMENT");

    const checked = await npx(["check", "--provider", "tikhub", "--base-url", url, "--skip", "bad-key", "--reports", path.join(tmp, "reports")], { TIKHUB_API_KEY: "test-key" });
    expect(checked.stdout).toMatch(/^text · body\s+PASS/m);
    expect(checked.stdout).toMatch(/^stream · frames\s+PASS/m);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    await mock.stop();
    expect(await refuses(url)).toBe(true);
    // The mock used the validators and Prism operations the package ships: it compiled nothing.
    expect(fs.existsSync(path.join(app, "node_modules", ".cache", "gemini-native-openapi"))).toBe(false);
  });

  test("check --cassettes and replay read a folder of recordings", async () => {
    const dir = path.join(tmp, "cassettes", "google");
    fs.cpSync(path.join(repoRoot, "tests", "fixtures", "recorded", "google"), dir, { recursive: true });
    const checked = await npx(["check", "--provider", "google", "--cassettes", dir, "--reports", path.join(tmp, "reports")]);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`${fs.readdirSync(dir).filter((f) => f.endsWith(".json")).length} cassettes`);

    const replay = await serve(["replay", "--provider", "google", "--dir", dir, "--port", "0"], /replaying \d+ google cassettes .* on http/);
    const url = /on (http:\/\/\S+)/.exec(replay.output())![1];
    const live = await npx(["check", "--provider", "google", "--base-url", url, "--reports", path.join(tmp, "reports")], { GOOGLE_API_KEY: "test-key" });
    expect(live.stdout).toMatch(/^bad-key · body\s+PASS/m);
    expect(live.code, live.stdout + live.stderr).toBe(0);
    await replay.stop();
    expect(await refuses(url)).toBe(true);
  });

  test("startMock from the library: in-process, with a key, answering the client, validating bodies", async () => {
    for (const provider of ["kkiai", "serevixai"]) {
      const { stdout, stderr } = await inApp(process.execPath, ["use-mock.mjs", provider]);
      expect(stderr).toBe("");
      const out = JSON.parse(stdout.trim());
      expect(out.providers).toEqual(providers);
      expect(out.baseUrl).toBe(provider === "serevixai" ? `${out.url}/v1` : out.url);
      expect(out.text).toEqual(expect.any(String));
      expect(out.frames).toBeGreaterThan(0);
      expect(out.wrongKey).toBe(401);
      expect(out.badBody).toEqual({ status: 400, code: "INVALID_ARGUMENT" });
    }
  });

  test("the mock as a test double, from the library: journal, script, pacing, strictness, seeded failures, a recording proxy", async () => {
    const recordings = path.join(tmp, "recorded-by-proxy");
    fs.mkdirSync(recordings);
    const { stdout, stderr } = await inApp(process.execPath, ["use-test-double.mjs", recordings]);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout.trim())).toEqual({
      journal: { count: 1, key: "REDACTED", system: "Be brief.", same: true },
      scripted: "scripted",
      badScript: true,
      delayed: true,
      lenientDrift: "unknown property generation_config.temprature",
      strictStatus: 400,
      faults: { repeats: true, failed: expect.any(Number) },
      proxy: { status: 200, type: "text/event-stream", frames: expect.any(Number), violations: [], recorded: 1, keyInRecording: false },
    });
    expect(JSON.parse(stdout).faults.failed).toBeGreaterThan(0);
    expect(JSON.parse(stdout).proxy.frames).toBeGreaterThan(1);
  });

  test("the mock as a test double, from the command: --strict, a seeded --fail-rate, the journal and the script over HTTP", async () => {
    const mock = await serve(["mock", "--provider", "google", "--port", "0", "--strict", "--fail-rate", "0.5", "--fail-status", "503", "--seed", "9"], /Ctrl-C stops the mocks/);
    const url = /\| google \| (http:\/\/\S+) \|/.exec(mock.output())![1];
    const call = (body: unknown) => fetch(`${url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: "POST", headers: { "x-goog-api-key": "k" }, body: JSON.stringify(body) });
    expect((await call({ contents: [{ parts: [{ text: "hi" }] }], generationConfig: { temprature: 1 } })).status).toBe(400);
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await call({ contents: [{ parts: [{ text: "hi" }] }] })).status);
    expect(statuses).toContain(503);
    expect(statuses).toContain(200);
    const queued = await fetch(`${url}/__mock/script`, { method: "POST", body: JSON.stringify([{ status: 429 }]) });
    expect(queued.status).toBe(200);
    const limited = await call({ contents: [{ parts: [{ text: "hi" }] }] });
    expect(limited.status).toBe(429);
    // The example's own RetryInfo and the header agree.
    const retryInfo = (await limited.json()).error.details.find((d: any) => d["@type"].endsWith("RetryInfo"));
    expect(limited.headers.get("retry-after")).toBe(String(Math.ceil(parseFloat(retryInfo.retryDelay))));
    const journal = await (await fetch(`${url}/__mock/requests`)).json();
    expect(journal).toHaveLength(14);
    expect(journal.at(-1).response).toMatchObject({ status: 429, source: "script" });
    await mock.stop();
  });

  test("mock --proxy --record from the command: forwards to another mock, passes the answer through, records it redacted", async () => {
    const upstream = await serve(["mock", "--provider", "google", "--port", "0"], /Ctrl-C stops the mocks/);
    const target = /\| google \| (http:\/\/\S+) \|/.exec(upstream.output())![1];
    const dir = path.join(tmp, "proxy-cassettes");
    const proxy = await serve(["mock", "--provider", "google", "--port", "0", "--proxy", target, "--record", dir], /Ctrl-C stops the mocks \(forwarding to/);
    const url = /\| google \| (http:\/\/\S+) \|/.exec(proxy.output())![1];
    const res = await fetch(`${url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: "POST", headers: { "x-goog-api-key": "proxied-secret" }, body: JSON.stringify({ contents: [{ parts: [{ text: "hi" }] }] }) });
    const direct = await fetch(`${target}/v1beta/models/gemini-2.5-flash:generateContent`, { method: "POST", headers: { "x-goog-api-key": "k" }, body: JSON.stringify({ contents: [{ parts: [{ text: "hi" }] }] }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(await direct.text());
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, files[0]), "utf8")).not.toContain("proxied-secret");
    await proxy.stop();
    await upstream.stop();
  });
});
