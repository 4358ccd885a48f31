// The repository's view of the providers: their sources in spec/ and where the build writes their bundles.
// Reading the bundles is shared with the code that ships (src/bundles.ts).
import fs from "node:fs";
import path from "node:path";
import { packageRoot } from "../../src/bundles.ts";

export { bundlePaths, generatedDir, readJson } from "../../src/bundles.ts";

/** repository root */
export const repoRoot = packageRoot;
export const specDir = path.join(repoRoot, "spec");

/** Provider ids, one per folder in spec/providers/ (each holds an openapi.yaml root). */
export function providerIds(dir = path.join(specDir, "providers")): string[] {
  return fs.readdirSync(dir)
    .filter((id) => fs.existsSync(path.join(dir, id, "openapi.yaml")))
    .sort();
}
