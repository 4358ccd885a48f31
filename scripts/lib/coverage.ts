// Measures how much of Google's field inventory (reference/google/generate-content-field-tree.json) a bundle
// describes: every field path must resolve to a property of the right JSON type and format, every enum value
// must be listed, and every field Google marks required must be required — unless spec/coverage-exclusions.yaml
// lists it with a reason.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { repoRoot, specDir } from "./providers.ts";
import { resolveRef } from "../../src/validate.ts";

type Schema = Record<string, any>;
export const fieldTreeFile = path.join(repoRoot, "reference", "google", "generate-content-field-tree.json");

export interface Coverage {
  fields: { total: number; covered: number; missing: string[] };
  enums: { total: number; covered: number; missing: string[] };
  required: { total: number; covered: number; missing: string[] };
  excused: Array<{ kind: string; item: string; reason: string }>;
}

/** The schema itself and every branch it is a union or intersection of, with refs followed. */
export function branches(doc: Schema, schema: Schema | undefined, seen = new Set<Schema>()): Schema[] {
  const node: Schema | undefined = resolveRef(doc, schema);
  if (!node || seen.has(node)) return [];
  seen.add(node);
  const out = [node];
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    for (const sub of node[key] ?? []) out.push(...branches(doc, sub, seen));
  }
  return out;
}

/** Where a field path (`Root.a[].b{}`, the field tree's notation) leads in a bundle. */
export interface Located {
  /** the schema (one branch of a union) that declares the last field */
  holder?: Schema;
  /** that field's property schema as written (with its description and `x-` extensions) */
  property?: Schema;
  /** the value's schema once the `[]`/`{}` steps are taken */
  node?: Schema;
}

export function locate(doc: Schema, fieldPath: string): Located {
  const [root, ...segments] = fieldPath.split(".");
  let node: Schema | undefined = { $ref: `#/components/schemas/${root}` };
  let found: Located = {};
  for (const segment of segments) {
    const [, name, suffix] = /^([^[{]+)((?:\[\]|\{\})*)$/.exec(segment) ?? [];
    const holder: Schema | undefined = node && branches(doc, node).find((b) => b.properties?.[name]);
    node = holder?.properties[name];
    found = { holder, property: node };
    for (const part of suffix?.match(/\[\]|\{\}/g) ?? []) {
      const key = part === "[]" ? "items" : "additionalProperties";
      const owner = branches(doc, node).find((b) => b[key] === true || (b[key] && typeof b[key] === "object"));
      node = owner?.[key] === true ? {} : owner?.[key]; // `additionalProperties: true` is a map of any value
    }
    if (!node) return {};
  }
  return { ...found, node };
}

function typeMatches(doc: Schema, schema: Schema, field: Schema): boolean {
  const all = branches(doc, schema);
  const jsonType = field.jsonType as string | undefined;
  if (!jsonType || field.ref || jsonType === "any") return true;
  const typed = all.filter((b) => b.type !== undefined);
  const types = typed.flatMap((b) => [b.type].flat());
  if (jsonType.startsWith("array") || jsonType.startsWith("map")) return true; // element checked by its own path
  if (!types.includes(jsonType)) return false;
  // Google's own formats are written the JSON Schema way: durations as a pattern, timestamps as date-time.
  const matches: Record<string, (b: Schema) => boolean> = {
    "google-duration": (b) => !!b.pattern,
    "google-datetime": (b) => b.format === "date-time",
  };
  return !field.format || typed.some(matches[field.format] ?? ((b) => b.format === field.format));
}

export function enumValues(doc: Schema, schema: Schema | undefined): Set<unknown> {
  const values = new Set<unknown>();
  for (const b of branches(doc, schema)) {
    for (const v of b.enum ?? []) values.add(v);
    for (const sub of branches(doc, b.items)) for (const v of sub.enum ?? []) values.add(v);
  }
  return values;
}

export function loadExclusions(file = path.join(specDir, "coverage-exclusions.yaml")) {
  const raw = YAML.parse(fs.readFileSync(file, "utf8")) ?? {};
  return { required: raw.required ?? {}, fields: raw.fields ?? {}, enums: raw.enums ?? {} } as Record<string, Record<string, string>>;
}

export function measureCoverage(doc: Schema, tree = JSON.parse(fs.readFileSync(fieldTreeFile, "utf8")),
  exclusions = loadExclusions()): Coverage {
  const schemas = doc.components.schemas;
  const result: Coverage = {
    fields: { total: 0, covered: 0, missing: [] },
    enums: { total: 0, covered: 0, missing: [] },
    required: { total: 0, covered: 0, missing: [] },
    excused: [],
  };
  const count = (kind: "fields" | "enums" | "required", item: string, ok: boolean) => {
    result[kind].total++;
    if (ok) result[kind].covered++;
    else if (exclusions[kind][item]) {
      result[kind].covered++;
      result.excused.push({ kind, item, reason: exclusions[kind][item] });
    } else result[kind].missing.push(item);
  };
  // Enum values are counted once per field definition (owner.field=value), but must hold on every path.
  const enumOk = new Map<string, boolean>();
  for (const field of tree.fields) {
    const { node } = locate(doc, field.path);
    count("fields", field.path, !!node && typeMatches(doc, node, field));
    for (const value of field.enum ?? []) {
      const key = `${field.owner}.${field.field}=${value}`;
      enumOk.set(key, (enumOk.get(key) ?? true) && !!node && enumValues(doc, node).has(value));
    }
  }
  for (const [key, ok] of enumOk) count("enums", key, ok);
  for (const item of tree.requiredFields as string[]) {
    const [owner, name] = item.split(".");
    const schema = resolveRef(doc, { $ref: `#/components/schemas/${ownerName(owner, schemas)}` });
    count("required", item, !!schema?.required?.includes(name));
  }
  return result;
}

// Three of Google's schema names are generated noise; this package uses the readable names.
const RENAMED: Record<string, string> = {
  GoogleAiGenerativelanguageV1betaGroundingSupport: "GroundingSupport",
  GoogleAiGenerativelanguageV1betaSegment: "Segment",
  V1mainMediaResolution: "MediaResolution",
};
function ownerName(owner: string, schemas: Schema): string {
  return schemas[owner] ? owner : RENAMED[owner] ?? owner;
}

export const percent = (part: { total: number; covered: number }) =>
  part.total === 0 ? 100 : Math.floor((part.covered / part.total) * 10000) / 100;
