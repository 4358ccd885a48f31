// Proves the bundles can be generated from in other languages: generates Python and Go models from each
// provider's bundle with quicktype (the request and response of every operation it serves, and its error
// envelope), compiles them (python3 -m py_compile; go vet + go build) and parses every recorded response
// (corpus, cassettes) of an operation the bundle serves and every documented example with them, checking
// that nothing is lost on the way back to JSON. Exits non-zero on any failure.
// Providers with the same operations and identical schemas share one generation (today the three gateways
// that serve only generation), so each distinct set is generated and compiled once.
// Usage: tsx scripts/codegen.ts [--out DIR]   (default dist/codegen; needs python3 and go on PATH)
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { generateModels, goRootParsers } from "./lib/codegen/quicktype.ts";
import { cassetteSamples, corpusSamples, exampleSamples } from "./lib/codegen/samples.ts";
import { codegenRoots, codegenSchema, rootTypes, type CodegenRoots } from "./lib/codegen/schema.ts";
import { bundlePaths, providerIds, readJson, repoRoot } from "./lib/providers.ts";

const run = promisify(execFile);
const { values } = parseArgs({ options: { out: { type: "string" } } });
const outDir = path.resolve(values.out ?? path.join(repoRoot, "dist", "codegen"));
const harnessDir = path.join(repoRoot, "scripts", "lib", "codegen");
// Go must build offline, with no module downloads and no toolchain switch.
const goEnv = { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off", GO111MODULE: "on", GOTOOLCHAIN: "local" };

async function step(label: string, file: string, argv: string[], cwd: string, env = process.env): Promise<string> {
  try {
    const { stdout, stderr } = await run(file, argv, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return `${stdout}${stderr}`.trim();
  } catch (error: any) {
    throw new Error(`${label} failed:\n${`${error.stdout ?? ""}${error.stderr ?? ""}`.trim() || error.message}`);
  }
}

async function python(dir: string, schema: object, roots: string[], samples: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "models.py"), await generateModels(schema, roots, "python"));
  fs.copyFileSync(path.join(harnessDir, "harness.py"), path.join(dir, "harness.py"));
  await step("python3 -m py_compile", "python3", ["-m", "py_compile", "models.py", "harness.py"], dir);
  return step("python harness", "python3", ["harness.py", samples], dir);
}

async function go(dir: string, schema: object, roots: string[], samples: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "models.go"), await generateModels(schema, roots, "go"));
  fs.writeFileSync(path.join(dir, "roots.go"), goRootParsers(roots));
  fs.copyFileSync(path.join(harnessDir, "harness.go"), path.join(dir, "harness.go"));
  fs.writeFileSync(path.join(dir, "go.mod"), "module geminimodels\n\ngo 1.19\n");
  await step("go vet", "go", ["vet", "."], dir, goEnv);
  await step("go build", "go", ["build", "-o", "harness", "."], dir, goEnv);
  return step("go harness", path.join(dir, "harness"), [samples], dir, goEnv);
}

const groups = new Map<string, { ids: string[]; roots: CodegenRoots; schema: object }>();
for (const id of providerIds()) {
  const doc = readJson(bundlePaths(id).json);
  const roots = codegenRoots(doc);
  const schema = codegenSchema(doc, rootTypes(roots));
  const key = JSON.stringify([roots, schema]);
  if (!groups.has(key)) groups.set(key, { ids: [], roots, schema });
  groups.get(key)!.ids.push(id);
}

fs.rmSync(outDir, { recursive: true, force: true });
let failed = false;
for (const { ids, roots, schema } of groups.values()) {
  const dir = path.join(outDir, ids.join("+"));
  const types = rootTypes(roots);
  const set = corpusSamples(roots);
  cassetteSamples(ids, roots, set);
  for (const id of ids) exampleSamples(id, readJson(bundlePaths(id).json), roots, set);
  fs.mkdirSync(dir, { recursive: true });
  const samples = path.join(dir, "samples.json");
  fs.writeFileSync(samples, JSON.stringify(set.samples));
  fs.writeFileSync(path.join(dir, "schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, "roots.json"), `${JSON.stringify(roots, null, 2)}\n`);
  const from = (prefix: string) => set.samples.filter((s) => s.id.startsWith(prefix)).length;
  console.log(`${ids.join(", ")}: ${types.length} root types for ${Object.keys(roots.operations).join(", ")}; `
    + `${set.samples.length} samples (corpus ${from("corpus/")}, cassettes ${from("cassette/")}, examples ${from("example/")})`
    + (set.notServed.length ? `; ${set.notServed.length} recordings of operations not served, left out: ${set.notServed.join("; ")}` : "")
    + (set.skipped.length ? `; ${set.skipped.length} bodies are not JSON objects, skipped: ${set.skipped.join("; ")}` : ""));
  const results = await Promise.allSettled([python(path.join(dir, "python"), schema, types, samples), go(path.join(dir, "go"), schema, types, samples)]);
  for (const result of results) {
    if (result.status === "fulfilled") console.log(`  ${result.value.split("\n").join("\n  ")}`);
    else {
      failed = true;
      console.error(`  ${String(result.reason?.message ?? result.reason).split("\n").join("\n  ")}`);
    }
  }
}
console.log(`models in ${path.relative(process.cwd(), outDir) || "."}/`);
if (failed) process.exit(1);
