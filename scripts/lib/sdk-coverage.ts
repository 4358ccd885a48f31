// Compares a bundle with the official SDK's field inventory (reference/google-genai/, written by
// `npm run reference:sdk`): every field and enum value the SDK knows must be described by the spec or listed,
// with a reason, in spec/sdk-exclusions.yaml. A described field that Google's discovery document lacks must
// say where it comes from (`x-source`), and `x-source: vertex-ai` where the SDK uses it only with Vertex AI.
// Listing a field in the exclusions accounts for everything below it; an exclusion that no longer matches a
// gap (the field is gone from the SDK, or the spec now describes it) is reported too, so the file stays true.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { enumValues, loadFieldTrees, locate, servedRootNames } from "./coverage.ts";
import { repoRoot, specDir } from "./providers.ts";
import type { InventoryField } from "./sdk/inventory.ts";

type Schema = Record<string, any>;
export const sdkInventoryFile = path.join(repoRoot, "reference", "google-genai", "sdk-inventory.json");
export const sdkExclusionsFile = path.join(specDir, "sdk-exclusions.yaml");

/** One reason and the inventory items it accounts for: field paths, or `path=VALUE` for one enum value. */
export interface SdkExclusion { reason: string; fields?: string[]; values?: string[] }

export interface SdkComparison {
  fields: { total: number; described: number; excused: number; missing: string[] };
  values: { total: number; described: number; excused: number; missing: string[] };
  /** described fields whose `x-source` does not say what the SDK and the discovery document say */
  unmarked: string[];
  /** exclusions that account for nothing (the SDK dropped the field, or the spec now describes it) */
  stale: string[];
  excused: Array<{ item: string; reason: string }>;
}

export const loadSdkInventory = (file = sdkInventoryFile): { meta: Schema; fields: InventoryField[] } =>
  JSON.parse(fs.readFileSync(file, "utf8"));

export const loadSdkExclusions = (file = sdkExclusionsFile): SdkExclusion[] =>
  YAML.parse(fs.readFileSync(file, "utf8")) ?? [];

const discoveryPaths = () => new Set<string>(loadFieldTrees().flatMap((t) => t.tree.fields.map((f: Schema) => f.path)));

const rootOf = (pathOrValue: string) => pathOrValue.split(".")[0];

/** The inventory fields under the roots of operations the bundle serves (each path starts with its root). */
export function servedFields(doc: Schema, inventory: InventoryField[]): InventoryField[] {
  const roots = servedRootNames(doc);
  return inventory.filter((f) => roots.has(rootOf(f.path)));
}

/** The exclusion covering a field: one for the path itself or for a field above it. */
function coveringField(reasons: Map<string, string>, fieldPath: string): string | undefined {
  for (let at = fieldPath; at; at = at.slice(0, Math.max(at.lastIndexOf("."), 0))) {
    if (reasons.has(at)) return at;
  }
  return undefined;
}

/**
 * Compares a bundle with the SDK's fields under the roots of the operations the bundle serves. Exclusions under
 * roots the bundle does not serve are not judged here: they excuse fields of other providers' operations.
 */
export function compareWithSdk(doc: Schema, inventory = servedFields(doc, loadSdkInventory().fields), exclusions = loadSdkExclusions(),
  discovery = discoveryPaths()): SdkComparison {
  const fieldReasons = new Map<string, string>();
  const valueReasons = new Map<string, string>();
  for (const e of exclusions) {
    for (const f of e.fields ?? []) fieldReasons.set(f, e.reason);
    for (const v of e.values ?? []) valueReasons.set(v, e.reason);
  }
  const used = new Set<string>();
  const describedAnyway = new Set<string>(); // excluded, yet the spec describes the field itself
  const out: SdkComparison = {
    fields: { total: 0, described: 0, excused: 0, missing: [] },
    values: { total: 0, described: 0, excused: 0, missing: [] },
    unmarked: [], stale: [], excused: [],
  };
  const excuse = (kind: "fields" | "values", item: string, key: string, reason: string) => {
    out[kind].excused++;
    used.add(key);
    out.excused.push({ item, reason });
  };
  for (const field of inventory) {
    const { holder, property, node } = locate(doc, field.path);
    const excludedBy = coveringField(fieldReasons, field.path);
    out.fields.total++;
    if (node) {
      out.fields.described++;
      if (fieldReasons.has(field.path)) describedAnyway.add(field.path);
      const source = property?.["x-source"] ?? holder?.["x-source"];
      if (!discovery.has(field.path)) {
        if (field.api === "vertex" && source !== "vertex-ai") out.unmarked.push(`${field.path}: the SDK uses it only with Vertex AI; mark it x-source: vertex-ai`);
        if (field.api === "gemini" && !source) out.unmarked.push(`${field.path}: not in Google's discovery document; say where it comes from (x-source: sdk)`);
      }
    } else if (excludedBy) excuse("fields", field.path, excludedBy, fieldReasons.get(excludedBy)!);
    else out.fields.missing.push(`${field.path} (${field.api}, ${field.type})`);

    const listed = node ? enumValues(doc, node) : new Set<unknown>();
    for (const { value, api } of field.enum?.values ?? []) {
      const item = `${field.path}=${value}`;
      out.values.total++;
      if (listed.has(value)) out.values.described++;
      else if (valueReasons.has(item)) excuse("values", item, item, valueReasons.get(item)!);
      else if (excludedBy) excuse("values", item, excludedBy, fieldReasons.get(excludedBy)!);
      else out.values.missing.push(`${item} (${api})`);
    }
  }
  const judged = servedRootNames(doc);
  for (const key of [...fieldReasons.keys(), ...valueReasons.keys()]) {
    if (judged.has(rootOf(key)) && (!used.has(key) || describedAnyway.has(key))) out.stale.push(key);
  }
  return out;
}
