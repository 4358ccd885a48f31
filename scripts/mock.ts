// Starts Prism mock servers on the wire bundles (so requests are validated against what the real service
// accepts) and prints their URLs once they answer. Ctrl-C stops them all.
// Usage: tsx scripts/mock.ts [--provider ID] [--port N]     (all five when no provider is given)
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { bundlePaths, providerIds, repoRoot } from "./lib/providers.ts";

const DEFAULT_PORTS: Record<string, number> = { google: 4010, tikhub: 4011, kkiai: 4012, serevixai: 4013, selfhosted: 4014 };
const prism = path.join(repoRoot, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

const chosen = option("--provider") ? [option("--provider")!] : providerIds();
for (const id of chosen) if (!providerIds().includes(id)) throw new Error(`unknown provider ${id}; known: ${providerIds().join(", ")}`);
const portOf = (id: string, i: number) => Number(option("--port") ?? DEFAULT_PORTS[id] ?? 4020 + i);

const children: ChildProcess[] = [];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

async function answers(url: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return false;
}

const started = await Promise.all(chosen.map(async (id, i) => {
  const port = portOf(id, i);
  const child = spawn(process.execPath, [prism, "mock", bundlePaths(id).wire, "--port", String(port), "--host", "127.0.0.1", "--errors", "-v", "error"],
    { stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  child.on("exit", (code) => {
    if (code) console.error(`prism for ${id} exited with code ${code}`);
  });
  const url = `http://127.0.0.1:${port}`;
  if (!(await answers(url, Date.now() + 30_000))) throw new Error(`mock for ${id} did not answer on ${url}`);
  return { id, url };
}));

console.log("| provider | mock URL |\n|---|---|");
for (const { id, url } of started) console.log(`| ${id} | ${url} |`);
console.log("Ctrl-C stops the mocks.");
