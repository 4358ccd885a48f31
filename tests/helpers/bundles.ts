import fs from "node:fs";
import path from "node:path";
import { bundlePaths, providerIds, readJson, repoRoot } from "../../scripts/lib/providers.ts";
import { createValidators, type BundleValidators } from "../../scripts/lib/validate.ts";

export const providers = providerIds();

const cache = new Map<string, { doc: any; validators: BundleValidators }>();

/** The committed bundle of a provider (canonical or wire) and its validators, loaded once per test file. */
export function bundle(id: string, variant: "canonical" | "wire" = "canonical") {
  const key = `${id}:${variant}`;
  let entry = cache.get(key);
  if (!entry) {
    const files = bundlePaths(id);
    const doc = readJson(variant === "wire" ? files.wire : files.json);
    entry = { doc, validators: createValidators(doc) };
    cache.set(key, entry);
  }
  return entry;
}

export const OPERATIONS = ["generateContent", "streamGenerateContent"] as const;

/** True when a corpus record's note says its authors replaced payloads (base64, ids) with placeholder text. */
export const editedByAuthors = (note: string | undefined) =>
  /placeholder|sanitized|redacted|NOT valid base64/i.test(note ?? "");

/** Every recorded exchange in ../shared/corpus, as `{ id: "<source>/<n>.json", record }`. */
export function corpusRecords(): Array<{ id: string; record: any }> {
  const dir = path.resolve(repoRoot, "..", "shared", "corpus");
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(dir, d.name))
      .filter((f) => f.endsWith(".json"))
      .map((f) => ({ id: `${d.name}/${f}`, record: JSON.parse(fs.readFileSync(path.join(dir, d.name, f), "utf8")) })));
}
