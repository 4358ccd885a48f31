// The breaking-change gate: compares each provider's bundle in generated/ with the last released one in
// releases/<version>/ and fails when a change would break consumers (scripts/lib/breaking/diff.ts), unless
// package.json's version is a breaking bump over that release (a new major; a new minor below 1.0.0).
// Usage: tsx scripts/check-breaking.ts [--releases DIR] [--generated DIR] [--version X.Y.Z]
import fs from "node:fs";
import path from "node:path";
import { breakingChanges, type Change } from "./lib/breaking/diff.ts";
import { isBreakingBump, releasedBundle, releasedProviders, releasedVersions, releasesDir } from "./lib/breaking/releases.ts";
import { bundlePaths, generatedDir, readJson, repoRoot } from "./lib/providers.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const releases = path.resolve(option("--releases", releasesDir));
const generated = path.resolve(option("--generated", generatedDir));
const version = option("--version", readJson(path.join(repoRoot, "package.json")).version);

const baseline = releasedVersions(releases).at(-1);
if (!baseline) {
  console.log(`no release under ${path.relative(process.cwd(), releases)}/: nothing to compare with`);
  process.exit(0);
}

const current = fs.readdirSync(generated).filter((id) => fs.existsSync(bundlePaths(id, generated).json)).sort();
const found: Array<{ provider: string } & Change> = [];
for (const provider of releasedProviders(baseline, releases)) {
  if (!current.includes(provider)) {
    found.push({ provider, kind: "removed-provider", at: "*", detail: "the provider's bundle is gone" });
    continue;
  }
  const changes = breakingChanges(readJson(releasedBundle(baseline, provider, releases)), readJson(bundlePaths(provider, generated).json));
  found.push(...changes.map((c) => ({ provider, ...c })));
}

for (const c of found) console.log(`${c.provider}: ${c.kind} at ${c.at}: ${c.detail}`);
const allowed = isBreakingBump(baseline, version);
if (found.length === 0) console.log(`no breaking change since ${baseline} (${current.length} providers)`);
else if (allowed) console.log(`${found.length} breaking changes since ${baseline}, allowed: ${version} is a breaking version bump`);
else {
  console.error(`${found.length} breaking changes since ${baseline}: undo them, or bump package.json to a new major version (see README "Versioning")`);
  process.exit(1);
}
