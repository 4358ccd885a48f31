import { bundlePaths, providerIds, readJson } from "../../scripts/lib/providers.ts";
import { createValidators, type BundleValidators } from "../../src/validate.ts";

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


// The corpus reader lives in scripts/lib so that scripts (cassette import) and tests share it.
export { corpusRecords, editedByAuthors } from "../../scripts/lib/corpus.ts";
