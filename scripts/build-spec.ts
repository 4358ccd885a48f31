// Lints the sources, bundles every provider with Redocly (applying spec/plugins/gemini-provider.js), writes
// generated/<provider>/openapi.{json,yaml} and the derived openapi.wire.json, then lints the bundles so the
// attached examples are checked against their schemas.
// Providers are the folders of spec/providers/ (redocly.yaml names them too, for tools run by hand).
// Usage: tsx scripts/build-spec.ts [--spec DIR] [--out DIR] [--no-lint]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { bundlePaths, generatedDir, providerIds, readJson, repoRoot, specDir } from "./lib/providers.ts";
import { lintCounts, redocly } from "./lib/redocly.ts";
import { deriveWire } from "./lib/wire.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  path.resolve(args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const outDir = option("--out", generatedDir);
const sources = option("--spec", specDir);
const lint = !args.includes("--no-lint");
const config = ["--config", path.join(repoRoot, "redocly.yaml")];
const ids = providerIds(path.join(sources, "providers"));
const rootOf = (id: string) => path.join(sources, "providers", id, "openapi.yaml");

function lintVerdict(output: string): string {
  const { errors, warnings, valid } = lintCounts(output);
  if (!valid || errors !== "0" || warnings !== "0") throw new Error(output);
  return "0 errors, 0 warnings";
}

if (lint) console.log(`sources: ${lintVerdict(await redocly(["lint", ...ids.map(rootOf), ...config]))}`);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-bundle-"));
await Promise.all(ids.map(async (id) => {
  const raw = path.join(scratch, `${id}.json`);
  await redocly(["bundle", rootOf(id), "--output", raw, ...config]);
  const doc = readJson(raw);
  const files = bundlePaths(id, outDir);
  fs.mkdirSync(files.dir, { recursive: true });
  fs.writeFileSync(files.json, `${JSON.stringify(doc, null, 2)}\n`);
  fs.writeFileSync(files.yaml, YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }));
  fs.writeFileSync(files.wire, `${JSON.stringify(deriveWire(doc), null, 2)}\n`);
  console.log(`bundled ${id} -> ${path.relative(process.cwd(), files.dir)}/`);
}));
fs.rmSync(scratch, { recursive: true, force: true });

if (lint) {
  const bundles = ids.flatMap((id) => [bundlePaths(id, outDir).yaml, bundlePaths(id, outDir).wire]);
  console.log(`bundles: ${lintVerdict(await redocly(["lint", ...bundles, ...config]))}`);
}
