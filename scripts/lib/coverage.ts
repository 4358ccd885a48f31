// Measures how much of Google's field inventory (the field trees in reference/google/, one per group of
// methods) a bundle describes: every field path must resolve to a property of the right JSON type and format,
// every enum value must be listed, and every field Google marks required must be required — unless
// spec/coverage-exclusions.yaml lists it with a reason. A bundle is measured against the roots of the
// operations it serves only: a gateway without `countTokens` is not asked to describe CountTokensRequest.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { FIELD_TREES } from "./field-tree.ts";
import { repoRoot, specDir } from "./providers.ts";
import { resolveRef } from "../../src/validate.ts";

type Schema = Record<string, any>;
const referenceDir = path.join(repoRoot, "reference", "google");
/** The generateContent tree, which other tools read for the names of Google's free-form fields. */
export const fieldTreeFile = path.join(referenceDir, FIELD_TREES[0].file);

/** A field tree with, for each of its roots, the operations whose bodies the root describes. */
export interface FieldTree { file: string; roots: Readonly<Record<string, readonly string[]>>; tree: Schema }

export function loadFieldTrees(): FieldTree[] {
  return FIELD_TREES.map((t) => ({ ...t, tree: JSON.parse(fs.readFileSync(path.join(referenceDir, t.file), "utf8")) }));
}

/** The operationIds a bundle serves, in the order of its paths. */
export function servedOperations(doc: Schema): Set<string> {
  return new Set(Object.values<Schema>(doc.paths ?? {}).flatMap((item) =>
    Object.values<Schema>(item).map((op) => op?.operationId).filter(Boolean)));
}

/** The roots of a tree that a bundle serves an operation for. */
export const servedRoots = (t: Pick<FieldTree, "roots">, served: Set<string>) =>
  Object.entries(t.roots).filter(([, ops]) => ops.some((op) => served.has(op))).map(([root]) => root);

/** Every root schema (of any tree) whose operation the bundle serves: `GenerateContentRequest`, `Model`, … */
export const servedRootNames = (doc: Schema) => new Set(FIELD_TREES.flatMap((t) => servedRoots(t, servedOperations(doc))));

type Tally = { total: number; covered: number; missing: string[] };

export interface Coverage {
  fields: Tally;
  enums: Tally;
  required: Tally;
  excused: Array<{ kind: string; item: string; reason: string }>;
  /** the same counts per field tree, for the trees the bundle serves a root of */
  trees: Array<{ file: string; roots: string[]; fields: Tally; enums: Tally; required: Tally }>;
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

export function measureCoverage(doc: Schema, trees: FieldTree[] = loadFieldTrees(), exclusions = loadExclusions()): Coverage {
  const tally = (): Tally => ({ total: 0, covered: 0, missing: [] });
  const result: Coverage = { fields: tally(), enums: tally(), required: tally(), excused: [], trees: [] };
  const excused = new Set<string>();
  const count = (part: Coverage["trees"][number], kind: "fields" | "enums" | "required", item: string, ok: boolean) => {
    for (const t of [result[kind], part[kind]]) {
      t.total++;
      if (ok || exclusions[kind][item]) t.covered++;
      else t.missing.push(item);
    }
    if (!ok && exclusions[kind][item] && !excused.has(`${kind} ${item}`)) {
      excused.add(`${kind} ${item}`);
      result.excused.push({ kind, item, reason: exclusions[kind][item] });
    }
  };
  const served = servedOperations(doc);
  for (const { file, roots: byRoot, tree } of trees) {
    const roots = servedRoots({ roots: byRoot }, served);
    if (roots.length === 0) continue;
    const part = { file, roots, fields: tally(), enums: tally(), required: tally() };
    result.trees.push(part);
    const fields = (tree.fields as Schema[]).filter((f) => roots.includes(f.path.split(".")[0]));
    // Enum values are counted once per field definition (owner.field=value), but must hold on every path.
    const enumOk = new Map<string, boolean>();
    const located = new Map<string, Located>();
    for (const field of fields) {
      const found = locate(doc, field.path);
      located.set(field.path, found);
      count(part, "fields", field.path, !!found.node && typeMatches(doc, found.node, field));
      for (const value of field.enum ?? []) {
        const key = `${field.owner}.${field.field}=${value}`;
        enumOk.set(key, (enumOk.get(key) ?? true) && !!found.node && enumValues(doc, found.node).has(value));
      }
    }
    for (const [key, ok] of enumOk) count(part, "enums", key, ok);
    // A required field must be required wherever the bundle reaches its owner, which need not be under
    // Google's schema name (a gateway's own model list, for one).
    for (const item of tree.requiredFields as string[]) {
      const [owner, name] = item.split(".");
      const holders = fields.filter((f) => f.owner === owner && f.field === name).map((f) => located.get(f.path)?.holder);
      if (holders.length === 0) continue;
      count(part, "required", item, holders.every((h) => !!h && branches(doc, h).some((b) => b.required?.includes(name))));
    }
  }
  return result;
}

export const percent = (part: { total: number; covered: number }) =>
  part.total === 0 ? 100 : Math.floor((part.covered / part.total) * 10000) / 100;
