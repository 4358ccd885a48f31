// The one reader of tests/fixtures/corpus: recorded exchanges with Google's Gemini API, one JSON file each.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./providers.ts";

export const corpusDir = path.join(repoRoot, "tests", "fixtures", "corpus");

export { type CorpusRecord, editedByAuthors } from "../../src/contract/corpus-record.ts";

/** Every recorded exchange in tests/fixtures/corpus, as `{ id: "<source>/<n>.json", record }`. */
export function corpusRecords(dir = corpusDir): Array<{ id: string; record: any }> {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(dir, d.name))
      .filter((f) => f.endsWith(".json"))
      .map((f) => ({ id: `${d.name}/${f}`, record: JSON.parse(fs.readFileSync(path.join(dir, d.name, f), "utf8")) })));
}

/** A path template of a bundle as a pattern for concrete paths: a `{param}` is one segment, without a colon. */
const templatePattern = (template: string) =>
  new RegExp(`^${template.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&")).join("[^/:]+")}$`);

/**
 * The operation of a recorded exchange: the bundle operation whose method and path template match the recorded
 * URL; where the fixture did not keep its URL (most generation fixtures), a stream by its shape (SSE events or a
 * JSON array), else generateContent.
 */
export function corpusOperation(record: any, doc: Record<string, any>): string {
  const url: string | null = record.request?.url ?? null;
  if (url) {
    const pathname = new URL(url, "http://origin.invalid").pathname;
    const method = String(record.request.method ?? "POST").toLowerCase();
    for (const [template, item] of Object.entries<any>(doc.paths ?? {})) {
      if (item[method]?.operationId && templatePattern(template).test(pathname)) return item[method].operationId;
    }
    throw new Error(`no operation of the bundle serves ${record.request.method} ${pathname}`);
  }
  return record.response.events || Array.isArray(record.response.body) ? "streamGenerateContent" : "generateContent";
}
