// Keeps the bundles of a release under releases/<version>/<provider>/openapi.json, the baseline the
// breaking-change gate (scripts/check-breaking.ts) compares later bundles with. Run when releasing, after
// `npm run build`, with package.json at the released version. Refuses to overwrite a release unless --force.
// Usage: tsx scripts/record-release.ts [--force]
import fs from "node:fs";
import path from "node:path";
import { releasedBundle, releasesDir } from "./lib/breaking/releases.ts";
import { bundlePaths, providerIds, readJson, repoRoot } from "./lib/providers.ts";

const { version } = readJson(path.join(repoRoot, "package.json"));
const target = path.join(releasesDir, version);
if (fs.existsSync(target) && !process.argv.includes("--force")) {
  console.error(`releases/${version}/ exists already; bump package.json's version, or pass --force to replace it`);
  process.exit(1);
}
fs.rmSync(target, { recursive: true, force: true });
for (const id of providerIds()) {
  fs.mkdirSync(path.dirname(releasedBundle(version, id)), { recursive: true });
  fs.copyFileSync(bundlePaths(id).json, releasedBundle(version, id));
}
console.log(`recorded ${providerIds().length} bundles in releases/${version}/`);
