import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** repository root */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const specDir = path.join(repoRoot, "spec");
export const generatedDir = path.join(repoRoot, "generated");

/** Provider ids, one per folder in spec/providers/ (each holds an openapi.yaml root). */
export function providerIds(dir = path.join(specDir, "providers")): string[] {
  return fs.readdirSync(dir)
    .filter((id) => fs.existsSync(path.join(dir, id, "openapi.yaml")))
    .sort();
}

/** Paths of the files generated for one provider. */
export function bundlePaths(id: string, outDir = generatedDir) {
  const dir = path.join(outDir, id);
  return {
    dir,
    json: path.join(dir, "openapi.json"),
    yaml: path.join(dir, "openapi.yaml"),
    wire: path.join(dir, "openapi.wire.json"),
    types: path.join(dir, "types.ts"),
  };
}

export function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
