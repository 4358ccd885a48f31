// Lints the sources, bundles every provider with Redocly (applying spec/plugins/gemini-provider.js), writes
// generated/<provider>/openapi.{json,yaml} and the derived openapi.wire.json, then lints the bundles so the
// attached examples are checked against their schemas.
// Usage: tsx scripts/build-spec.ts [--out DIR] [--no-lint]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { bundlePaths, generatedDir, providerIds, readJson } from "./lib/providers.ts";
import { redocly } from "./lib/redocly.ts";
import { deriveWire } from "./lib/wire.ts";

const args = process.argv.slice(2);
const outDir = path.resolve(args.includes("--out") ? args[args.indexOf("--out") + 1] : generatedDir);
const lint = !args.includes("--no-lint");

function lintVerdict(output: string): string {
  const summary = output.split("\n").filter((l) => /valid|error|warning|Woohoo/i.test(l)).pop() ?? output;
  if (/warning|error/i.test(summary) && !/Woohoo/.test(summary)) throw new Error(output);
  return summary.trim();
}

if (lint) console.log(`sources: ${lintVerdict(await redocly(["lint"]))}`);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-bundle-"));
await Promise.all(providerIds().map(async (id) => {
  const raw = path.join(scratch, `${id}.json`);
  await redocly(["bundle", `${id}@v1beta`, "--output", raw]);
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
  const bundles = providerIds().flatMap((id) => [bundlePaths(id, outDir).yaml, bundlePaths(id, outDir).wire]);
  console.log(`bundles: ${lintVerdict(await redocly(["lint", ...bundles]))}`);
}
