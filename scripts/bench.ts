// `npm run bench`: runs every bench (each top-level bench/*.ts; helpers live in bench/lib/) one after another,
// never in parallel, since they measure time on the same cores. Each writes its own section of
// bench/RESULTS.md. Fails when any bench fails, after running the rest.
// Usage: tsx scripts/bench.ts [name…]   (names without .ts, e.g. `mock client`; default: all)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./lib/providers.ts";

const dir = path.join(repoRoot, "bench");
const all = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(`${name}.ts`));
if (unknown.length) {
  console.error(`no bench ${unknown.join(", ")}; there are: ${all.map((f) => f.replace(/\.ts$/, "")).join(", ")}`);
  process.exit(2);
}
const benches = wanted.length ? wanted.map((name) => `${name}.ts`) : all;
const tsx = path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
const failed: string[] = [];
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  const result = spawnSync(process.execPath, [tsx, path.join("bench", file)], { cwd: repoRoot, stdio: "inherit" });
  if (result.status !== 0) failed.push(file);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(", ")}`);
  process.exit(1);
}
