// Writes the field trees of reference/google/ (FIELD_TREES in scripts/lib/field-tree.ts) from the discovery
// document next to them: every field path, enum value and required field reachable from each tree's roots.
// `--check` writes nothing and exits 1 when a committed tree differs from what the derivation gives.
// Usage: tsx scripts/reference-fields.ts [--check]
import fs from "node:fs";
import path from "node:path";
import { DISCOVERY_FILE, FIELD_TREES, deriveFieldTree, fieldTreeText } from "./lib/field-tree.ts";
import { repoRoot } from "./lib/providers.ts";

const dir = path.join(repoRoot, "reference", "google");
const check = process.argv.includes("--check");
const text = fs.readFileSync(path.join(dir, DISCOVERY_FILE), "utf8");
const discovery = JSON.parse(text);
let stale = 0;
for (const { file, roots: byRoot } of FIELD_TREES) {
  const roots = Object.keys(byRoot);
  const tree = deriveFieldTree(discovery, roots, { file: DISCOVERY_FILE, text });
  const target = path.join(dir, file);
  const { expandedFieldPaths, enumValuesTotal, requiredFieldDefinitions } = tree.counts;
  const summary = `${file}: ${roots.join(", ")}: ${expandedFieldPaths} field paths, ${enumValuesTotal} enum values, ${requiredFieldDefinitions} required fields`;
  if (check) {
    const same = fs.existsSync(target) && fs.readFileSync(target, "utf8") === fieldTreeText(tree);
    if (!same) stale++;
    console.log(`${same ? "up to date" : "STALE"}  ${summary}`);
  } else {
    fs.writeFileSync(target, fieldTreeText(tree));
    console.log(`wrote ${summary}`);
  }
}
if (stale) process.exit(1);
