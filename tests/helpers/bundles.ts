import { bundlePaths, providerIds, readJson } from "../../scripts/lib/providers.ts";
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
