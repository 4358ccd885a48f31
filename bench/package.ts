// Package bench: what a project that installs this package gets, against one that installs stock Prism, both
// installed the same way (by name, from a registry on loopback serving tarballs packed from node_modules):
// - footprint: size of node_modules and number of packages in a fresh project;
// - spawn → first answer of the installed command (`gemini-native-openapi mock`) against `prism mock` on the
//   same bundle, a valid generateContent call each;
// - `startMock()` in-process from the installed library: import + start, and the first answer.
// Usage: npm run bench:package   (writes the "package" section of bench/RESULTS.md)
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { registryWith } from "../scripts/lib/local-registry.ts";
import { readJson, repoRoot } from "../scripts/lib/providers.ts";
import { machine, median, writeSection } from "./lib/results.ts";

const run = promisify(execFile);
const STARTS = 5;
const BODY = JSON.stringify({ contents: [{ role: "user", parts: [{ text: "Why is the sky blue?" }] }] });
const PATH = "/v1beta/models/gemini-2.5-flash:generateContent";
const env = { ...process.env, npm_config_update_notifier: "false" };

const freePort = () => new Promise<number>((resolve) => {
  const server = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address() as net.AddressInfo;
    server.close(() => resolve(port));
  });
});

/** A fresh project with `spec` installed from the registry; answers its folder, size and package count. */
async function installInto(work: string, name: string, spec: string, registry: string) {
  const app = path.join(work, name);
  fs.mkdirSync(app, { recursive: true });
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, type: "module" }));
  await run("npm", ["install", spec, "--registry", registry, "--cache", path.join(work, `cache-${name}`), "--no-audit", "--no-fund"], { cwd: app, env });
  const { stdout } = await run("du", ["-sk", path.join(app, "node_modules")], { encoding: "utf8" });
  const packages = Object.keys(readJson(path.join(app, "node_modules", ".package-lock.json")).packages ?? {}).filter((p) => p.startsWith("node_modules/")).length;
  return { app, kb: Number(stdout.split(/\s/)[0]), packages };
}

/** Spawns `args` in `cwd` and sends the valid call until it answers 200: milliseconds from spawn. */
async function spawnToFirst200(cwd: string, args: string[], url: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited:\n${output}`);
      if (performance.now() - t0 > 120_000) throw new Error(`${args.join(" ")} did not answer:\n${output}`);
      try {
        const res = await fetch(url + PATH, { method: "POST", headers: { "x-goog-api-key": "bench-key", "content-type": "application/json" }, body: BODY });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t0;
        throw new Error(`${args.join(" ")} answered ${res.status}`);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // not listening yet
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  } finally {
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGKILL"))));
  }
}

const IN_PROCESS = `
const t0 = performance.now();
const { startMock } = await import("gemini-native-openapi/mock");
const t1 = performance.now();
const mock = await startMock({ provider: "google" });
const t2 = performance.now();
const res = await fetch(mock.url + "${PATH}", { method: "POST", headers: { "x-goog-api-key": "k" }, body: ${JSON.stringify(BODY)} });
await res.arrayBuffer();
const t3 = performance.now();
await mock.close();
console.log(JSON.stringify({ import: t1 - t0, start: t2 - t1, first: t3 - t2, status: res.status }));`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-bench-package-"));
try {
  const deps = Object.keys(readJson(path.join(repoRoot, "package.json")).dependencies ?? {});
  const { registry, packed } = await registryWith(work, [...deps, "@stoplight/prism-cli"]);
  const ours = await installInto(work, "ours", "gemini-native-openapi", registry.url);
  const prismVersion = readJson(path.join(repoRoot, "node_modules", "@stoplight", "prism-cli", "package.json")).version;
  const prism = await installInto(work, "prism", `@stoplight/prism-cli@${prismVersion}`, registry.url);
  await registry.close();
  const tarballKb = Math.round(fs.statSync(packed.find((p) => p.name === "gemini-native-openapi")!.file).size / 1024);
  const kbOf = async (dir: string) => Number((await run("du", ["-sk", dir], { encoding: "utf8" })).stdout.split(/\s/)[0]);
  const ownKb = await kbOf(path.join(ours.app, "node_modules", "gemini-native-openapi"));

  const bundle = path.join(ours.app, "node_modules", "gemini-native-openapi", "generated", "google", "openapi.json");
  const bin = path.join(ours.app, "node_modules", "gemini-native-openapi", "dist", "src", "cli.js");
  const prismBin = path.join(prism.app, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
  const times = { ours: [] as number[], prism: [] as number[], inProcess: [] as Array<{ import: number; start: number; first: number }> };
  for (let i = 0; i < STARTS; i++) {
    let port = await freePort();
    times.ours.push(await spawnToFirst200(ours.app, [bin, "mock", "--provider", "google", "--port", String(port)], `http://127.0.0.1:${port}`));
    port = await freePort();
    times.prism.push(await spawnToFirst200(prism.app, [prismBin, "mock", bundle, "--port", String(port), "--host", "127.0.0.1", "-v", "error"], `http://127.0.0.1:${port}`));
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", IN_PROCESS], { cwd: ours.app, env, encoding: "utf8" });
    const measured = JSON.parse(stdout);
    if (measured.status !== 200) throw new Error(`startMock answered ${measured.status}`);
    times.inProcess.push(measured);
  }
  const ms = (x: number) => `${Math.round(x).toLocaleString("en")} ms`;
  const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
  const oursStart = median(times.ours);
  const prismStart = median(times.prism);
  const section = `## Installed package

Command: \`npm run bench:package\` (bench/package.ts). ${machine()} Both contenders are installed by name into an
empty project from a registry on loopback that serves tarballs packed from this repository's node_modules, as
\`npm install\` would from npmjs.org; both are started by \`node <their bin>\` in that project, on the same bundle
(google's \`openapi.json\`, as installed with this package). Median of ${STARTS} starts each, alternating.

| | gemini-native-openapi ${readJson(path.join(repoRoot, "package.json")).version} | @stoplight/prism-cli ${prismVersion} | ratio |
|---|---|---|---|
| node_modules of a fresh project | ${mb(ours.kb)} | ${mb(prism.kb)} | ${(ours.kb / prism.kb).toFixed(2)} |
| … of which the package's dependencies | ${mb(ours.kb - ownKb)} | ${mb(prism.kb)} | ${((ours.kb - ownKb) / prism.kb).toFixed(2)} |
| packages installed | ${ours.packages} | ${prism.packages} | ${(ours.packages / prism.packages).toFixed(2)} |
| spawn → first 200 (\`mock --provider google\` / \`prism mock\`) | ${ms(oursStart)} | ${ms(prismStart)} | ${(oursStart / prismStart).toFixed(2)} |

This package's tarball is ${tarballKb.toLocaleString("en")} KB, ${mb(ownKb)} installed: the five providers' bundles in every
edition (canonical JSON and YAML, wire, dereferenced, 3.0, 3.2, types), the client, the command, the mock and its
precompiled validators and Prism operations. Its dependencies are Prism's HTTP engine (\`@stoplight/prism-http\`,
whose negotiator picks the answers) with its own dependencies, Ajv, openapi-fetch and eventsource-parser: smaller
than the Prism CLI's, which carries the same engine.

In-process, from the installed library (\`node -e\`, fresh process each time): \`import("gemini-native-openapi/mock")\`
${ms(median(times.inProcess.map((t) => t.import)))}, \`startMock({ provider: "google" })\` ${ms(median(times.inProcess.map((t) => t.start)))}
until it listens, then ${ms(median(times.inProcess.map((t) => t.first)))} for the first answer (which includes the first
\`fetch\` of the process). Nothing is compiled at start: the validators and Prism's operations come from \`dist/mock-cache\`.
`;
  writeSection("package", section);
  console.log(section);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
