// The one reader of tests/fixtures/corpus: recorded exchanges with Google's Gemini API, one JSON file each.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./providers.ts";

export const corpusDir = path.join(repoRoot, "tests", "fixtures", "corpus");

export interface CorpusRecord {
  source: { repo: string; path: string; commit: string };
  request: { method: string; url: string | null; headers: Record<string, string>; body: unknown };
  response: { status: number; contentType: string; body?: unknown; events?: unknown[] };
  note?: string;
}

/** True when a corpus record's note says its authors replaced payloads (base64, ids) with placeholder text. */
export const editedByAuthors = (note: string | undefined) =>
  /placeholder|sanitized|redacted|NOT valid base64/i.test(note ?? "");

/** Every recorded exchange in tests/fixtures/corpus, as `{ id: "<source>/<n>.json", record }`. */
export function corpusRecords(dir = corpusDir): Array<{ id: string; record: any }> {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(dir, d.name))
      .filter((f) => f.endsWith(".json"))
      .map((f) => ({ id: `${d.name}/${f}`, record: JSON.parse(fs.readFileSync(path.join(dir, d.name, f), "utf8")) })));
}
