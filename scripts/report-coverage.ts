// Prints, per provider bundle, how much of Google's field inventory it covers (field paths, enum values,
// required fields; in total and per field tree, for the operations the provider serves) and how it accounts for the official SDK's fields and enum values (reference/google-genai/),
// and exits non-zero on any gap: a discovery item below 100% unless spec/coverage-exclusions.yaml lists it, an
// SDK item neither described nor listed in spec/sdk-exclusions.yaml, a described field whose `x-source` is
// wrong, or an SDK exclusion that no longer excuses anything.
// Usage: tsx scripts/report-coverage.ts [--verbose]
import { measureCoverage, percent } from "./lib/coverage.ts";
import { bundlePaths, providerIds, readJson } from "./lib/providers.ts";
import { compareWithSdk, loadSdkExclusions, loadSdkInventory, servedFields } from "./lib/sdk-coverage.ts";

const verbose = process.argv.includes("--verbose");
const sdk = loadSdkInventory();
const sdkExclusions = loadSdkExclusions();
let failed = false;
const rows = providerIds().map((id) => {
  const doc = readJson(bundlePaths(id).json);
  const c = measureCoverage(doc);
  const s = compareWithSdk(doc, servedFields(doc, sdk.fields), sdkExclusions);
  const gaps = [
    ...[...c.fields.missing, ...c.enums.missing, ...c.required.missing].map((m) => `missing ${m}`),
    ...[...s.fields.missing, ...s.values.missing].map((m) => `SDK item neither described nor excluded: ${m}`),
    ...s.unmarked.map((m) => `x-source: ${m}`),
    ...s.stale.map((m) => `stale entry in spec/sdk-exclusions.yaml: ${m}`),
  ];
  if (gaps.length) failed = true;
  for (const gap of gaps) console.log(`  ${id}: ${gap}`);
  return { provider: id, c, s };
});
const cell = (p: { total: number; covered: number }) => `${p.covered}/${p.total} (${percent(p)}%)`;
const sdkCell = (p: { total: number; described: number; excused: number }) => `${p.described} described + ${p.excused} excluded of ${p.total}`;
console.log("| provider | field paths | enum values | required fields | SDK fields | SDK enum values |");
console.log("|---|---|---|---|---|---|");
for (const { provider, c, s } of rows) {
  console.log(`| ${provider} | ${cell(c.fields)} | ${cell(c.enums)} | ${cell(c.required)} | ${sdkCell(s.fields)} | ${sdkCell(s.values)} |`);
}
console.log("\nPer field tree (reference/google/): field paths, enum values, required fields");
console.log("| provider | tree | roots served | field paths | enum values | required fields |");
console.log("|---|---|---|---|---|---|");
for (const { provider, c } of rows) {
  for (const t of c.trees) {
    console.log(`| ${provider} | ${t.file} | ${t.roots.join(", ")} | ${cell(t.fields)} | ${cell(t.enums)} | ${cell(t.required)} |`);
  }
}
console.log(`\nSDK: ${sdk.meta.package}@${sdk.meta.version} (reference/google-genai/, npm run reference:sdk)`);
const excused = new Map<string, { reason: string; providers: string[] }>();
for (const { provider, c } of rows) {
  for (const e of c.excused) {
    const key = `${e.kind} ${e.item}`;
    if (!excused.has(key)) excused.set(key, { reason: e.reason, providers: [] });
    excused.get(key)!.providers.push(provider);
  }
}
if (excused.size) {
  console.log("\nCounted as covered by spec/coverage-exclusions.yaml:");
  for (const [item, e] of excused) console.log(`- ${item} (${e.providers.join(", ")}): ${e.reason.trim()}`);
}
if (verbose) {
  console.log("\nSDK items accounted for by spec/sdk-exclusions.yaml:");
  for (const e of rows[0]?.s.excused ?? []) console.log(`- ${e.item}: ${e.reason.trim()}`);
}
if (failed) {
  console.error("\ncoverage has gaps (listed above)");
  process.exit(1);
}
