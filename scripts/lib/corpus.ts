// The one reader of tests/fixtures/corpus: recorded exchanges with Google's Gemini API, one JSON file each.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./providers.ts";

export const corpusDir = path.join(repoRoot, "tests", "fixtures", "corpus");

export { type CorpusRecord, corpusOperation, editedByAuthors } from "../../src/contract/corpus-record.ts";

/** Every recorded exchange in tests/fixtures/corpus, as `{ id: "<source>/<n>.json", record }`. */
export function corpusRecords(dir = corpusDir): Array<{ id: string; record: any }> {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(dir, d.name))
      .filter((f) => f.endsWith(".json"))
      .map((f) => ({ id: `${d.name}/${f}`, record: JSON.parse(fs.readFileSync(path.join(dir, d.name, f), "utf8")) })));
}
