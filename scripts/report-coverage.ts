// Prints, per provider bundle, how much of Google's field inventory it covers (field paths, enum values,
// required fields) and exits non-zero below 100% unless the gap is listed in spec/coverage-exclusions.yaml.
// Usage: tsx scripts/report-coverage.ts [--verbose]
import { measureCoverage, percent } from "./lib/coverage.ts";
import { bundlePaths, providerIds, readJson } from "./lib/providers.ts";

const verbose = process.argv.includes("--verbose");
let failed = false;
const rows = providerIds().map((id) => {
  const c = measureCoverage(readJson(bundlePaths(id).json));
  const missing = [...c.fields.missing, ...c.enums.missing, ...c.required.missing];
  if (missing.length) failed = true;
  if (missing.length || verbose) for (const m of missing) console.log(`  ${id}: missing ${m}`);
  return { provider: id, c };
});
const cell = (p: { total: number; covered: number }) => `${p.covered}/${p.total} (${percent(p)}%)`;
console.log("| provider | field paths | enum values | required fields |");
console.log("|---|---|---|---|");
for (const { provider, c } of rows) console.log(`| ${provider} | ${cell(c.fields)} | ${cell(c.enums)} | ${cell(c.required)} |`);
const excused = rows[0]?.c.excused ?? [];
if (excused.length) {
  console.log("\nCounted as covered by spec/coverage-exclusions.yaml:");
  for (const e of excused) console.log(`- ${e.kind} ${e.item}: ${e.reason.trim()}`);
}
if (failed) {
  console.error("\ncoverage below 100% (see the missing items above)");
  process.exit(1);
}
