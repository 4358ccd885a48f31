// Regenerates the committed cassettes in tests/fixtures/recorded/ from their sources in this repository (the
// recorded corpus, the spec's documented examples). Cassettes recorded live (`live-*.json`) are left alone.
// Usage: tsx scripts/import-cassettes.ts
import fs from "node:fs";
import path from "node:path";
import { cassetteText, recordedDir } from "../src/contract/cassette.ts";
import { buildCassettes } from "./lib/contract/import.ts";

const cassettes = buildCassettes();
let changed = 0;
for (const [name, cassette] of cassettes) {
  const file = path.join(recordedDir, `${name}.json`);
  const text = cassetteText(cassette);
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) continue;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  changed++;
}
const stale = fs.readdirSync(recordedDir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".json") && !path.basename(f).startsWith("live-") && !cassettes.has(f.replace(/\.json$/, "")));
for (const f of stale) fs.rmSync(path.join(recordedDir, f));
console.log(`${cassettes.size} cassettes in ${path.relative(process.cwd(), recordedDir) || "."}: ${changed} written, ${stale.length} stale removed`);
