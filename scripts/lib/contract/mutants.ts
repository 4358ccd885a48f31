// Type mutations of a JSON document: each mutant replaces one node with a value of another JSON type, so a
// schema that declares the node's type must reject it.
import fs from "node:fs";
import { fieldTreeFile } from "../coverage.ts";

/**
 * Names of the fields Google declares as free-form JSON (function arguments, tool results, metadata
 * structs): any value is valid there, so a mutation inside them proves nothing.
 */
export function freeFormFields(): Set<string> {
  const tree = JSON.parse(fs.readFileSync(fieldTreeFile, "utf8"));
  return new Set<string>(tree.fields
    .filter((f: any) => f.type === "any" || f.type === "map<string,any>")
    .map((f: any) => f.field));
}

function replacementsFor(value: unknown): unknown[] {
  if (typeof value === "string") return [12345, true, { value }];
  if (typeof value === "number") return [String(value), false, [value]];
  if (typeof value === "boolean") return [String(value), 1];
  if (Array.isArray(value)) return [{ ...value }, "list"];
  if (value && typeof value === "object") return [[value], "object"];
  return [];
}

/**
 * Every document obtained by replacing one node of `doc` with a value of another JSON type. Nodes under a
 * key for which `skip` answers true (free-form JSON, where any value is valid) are left alone.
 */
export function* mutants(doc: unknown, skip: (key: string) => boolean = () => false, trail: string[] = []): Generator<{ at: string; doc: unknown }> {
  if (trail.length && skip(trail[trail.length - 1])) return;
  for (const replacement of replacementsFor(doc)) yield { at: `/${trail.join("/")}`, doc: replacement };
  if (doc && typeof doc === "object") {
    for (const [key, child] of Object.entries(doc)) {
      for (const m of mutants(child, skip, [...trail, key])) {
        const copy: any = Array.isArray(doc) ? [...doc] : { ...doc };
        copy[key] = m.doc;
        yield { at: m.at, doc: copy };
      }
    }
  }
}
