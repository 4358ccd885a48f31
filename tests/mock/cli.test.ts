// `npm start` and the `mock` command as a user runs them from the repository (through tsx; the installed
// package's bin is tested in tests/publish/): they print where everything is once it
// answers, and one Ctrl-C (SIGINT to the top process only) stops every server and every process they started.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { DEFAULT_PORTS, portsFor } from "../../src/mock/ports.ts";
import { providerIds, repoRoot } from "../../scripts/lib/providers.ts";

const TSX = path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

/** Processes whose environment carries `marker`: everything a spawned command started, however deep. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, "utf8").includes(marker)) found.push(Number(pid));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

const refuses = (url: string) => new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.once("connect", () => {
    socket.destroy();
    resolve(false);
  });
  socket.once("error", () => resolve(true));
});

/** Runs a script with tsx until `done` appears in its output; returns the output and a way to Ctrl-C it. */
async function run(args: string[], done: RegExp) {
  const marker = `MOCK_CLI_TEST=${randomUUID()}`;
  const [name, value] = marker.split("=");
  const child = spawn(process.execPath, [TSX, ...args], { cwd: repoRoot, env: { ...process.env, [name]: value }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  cleanups.push(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (done.test(output)) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    exited.then(() => {
      clearInterval(timer);
      reject(new Error(`${args.join(" ")} exited early:\n${output}`));
    });
  });
  return {
    output: () => output,
    marker,
    interrupt: async () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}

const urlsIn = (output: string) => [...output.matchAll(/^\| ([\w-]+) \| (http:\/\/\S+) \|$/gm)].map((m) => ({ name: m[1], url: m[2] }));

describe("npm start and the mock command", () => {
  test("npm start: five mocks and the docs, announced once they answer; Ctrl-C leaves nothing behind", async () => {
    // Pages newer than the bundles, so start.ts serves them instead of rendering (the docs tests render).
    const docsDir = fs.mkdtempSync(path.join(os.tmpdir(), "start-docs-"));
    for (const page of ["index", ...providerIds()]) fs.writeFileSync(path.join(docsDir, `${page}.html`), `<h1>${page}</h1>`);
    const started = await run(["scripts/start.ts", "--port", "0", "--docs-port", "0", "--docs-dir", docsDir], /Ctrl-C stops everything/);
    const listed = urlsIn(started.output());
    expect(listed.map((l) => l.name).sort()).toEqual([...providerIds(), "docs"].sort());
    for (const { name, url } of listed) {
      const res = await fetch(name === "docs" ? url : `${url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: name === "docs" ? "GET" : "POST", body: name === "docs" ? undefined : "{}" });
      // Without credentials every mock refuses; answering at all is what counts here.
      expect(res.status, `${name} ${url}`).toBe(name === "docs" ? 200 : name === "google" ? 403 : 401);
    }
    expect(processesWith(started.marker).length).toBeGreaterThan(0);

    expect(await started.interrupt()).toBe(0);
    for (const { url } of listed) expect(await refuses(url), url).toBe(true);
    await expect.poll(() => processesWith(started.marker), { timeout: 5_000 }).toEqual([]);
  });

  test("mock --workers 2: the worker processes stop with the primary", async () => {
    const started = await run(["src/cli.ts", "mock", "--provider", "tikhub", "--port", "0", "--workers", "2"], /Ctrl-C stops the mocks/);
    const [{ url }] = urlsIn(started.output());
    const res = await fetch(`${url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: "POST", headers: { "x-goog-api-key": "test-key" }, body: JSON.stringify({ contents: [{ parts: [{ text: "hi" }] }] }) });
    expect(res.status).toBe(200);
    expect(processesWith(started.marker).length).toBeGreaterThanOrEqual(3); // tsx, its node, two workers
    expect(await started.interrupt()).toBe(0);
    expect(await refuses(url)).toBe(true);
    await expect.poll(() => processesWith(started.marker), { timeout: 5_000 }).toEqual([]);
  });

  test("npm start -- --help prints its usage; a mistake is one line and exit status 2, not a stack trace", () => {
    const start = (args: string[]) => spawnSync(process.execPath, [TSX, "scripts/start.ts", ...args], { cwd: repoRoot, encoding: "utf8" });
    const help = start(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm start -- /);
    const wrong = start(["--bogus"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.trim().split("\n")).toEqual(["npm start: Unknown option '--bogus' (see npm start -- --help)"]);
  });

  test("--port without --provider moves the whole block instead of putting every mock on one port", () => {
    const ids = providerIds();
    const ports = portsFor(ids, 5000);
    expect(new Set(Object.values(ports)).size).toBe(ids.length);
    expect(ports.google).toBe(5000);
    expect(ports.selfhosted).toBe(5004);
    expect(portsFor(["kkiai"], 6000)).toEqual({ kkiai: 6000 });
    expect(portsFor(ids)).toMatchObject(DEFAULT_PORTS);
    expect(portsFor([...ids, "newcomer"]).newcomer).toBe(4015);
  });
});
