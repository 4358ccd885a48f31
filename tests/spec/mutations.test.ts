// Type mutations of valid responses must be rejected: a string where a number belongs, an object where an
// array belongs, and so on, at every position whose type the spec declares.
import fs from "node:fs";
import { describe, expect, test } from "vitest";
import { fieldTreeFile } from "../../scripts/lib/coverage.ts";
import { bundle, corpusRecords, editedByAuthors } from "../helpers/bundles.ts";

// Fields Google declares as free-form JSON (function arguments, tool results, metadata structs): any value
// is valid there, so a mutation inside them proves nothing.
const tree = JSON.parse(fs.readFileSync(fieldTreeFile, "utf8"));
const freeForm = new Set<string>(tree.fields
  .filter((f: any) => f.type === "any" || f.type === "map<string,any>")
  .map((f: any) => f.field));

function mutationsOf(value: unknown): unknown[] {
  if (typeof value === "string") return [12345, true, { value }];
  if (typeof value === "number") return [String(value), false, [value]];
  if (typeof value === "boolean") return [String(value), 1];
  if (Array.isArray(value)) return [{ ...value }, "list"];
  if (value && typeof value === "object") return [[value], "object"];
  return [];
}

/** Every document obtained by replacing one node of `doc` with a value of another JSON type. */
function* mutants(doc: any, trail: string[] = []): Generator<{ at: string; doc: any }> {
  if (trail.length && freeForm.has(trail[trail.length - 1])) return;
  for (const replacement of mutationsOf(doc)) yield { at: `/${trail.join("/")}`, doc: replacement };
  if (doc && typeof doc === "object") {
    for (const [key, child] of Object.entries(doc)) {
      for (const m of mutants(child, [...trail, key])) {
        const copy: any = Array.isArray(doc) ? [...doc] : { ...doc };
        copy[key] = m.doc;
        yield { at: m.at, doc: copy };
      }
    }
  }
}

const bodies: Array<{ id: string; body: unknown; sse: boolean }> = [];
for (const { id, record } of corpusRecords()) {
  if (record.response.status !== 200 || editedByAuthors(record.note)) continue;
  if (record.response.events) record.response.events.forEach((e: unknown, i: number) => bodies.push({ id: `${id}#${i}`, body: e, sse: true }));
  else if (!Array.isArray(record.response.body)) bodies.push({ id, body: record.response.body, sse: false });
}

describe("type mutations of valid responses", () => {
  test("are all rejected by the google bundle", () => {
    const { validators } = bundle("google");
    const plain = validators.response("generateContent", 200);
    const event = validators.sseData("streamGenerateContent", 200);
    let total = 0;
    const survivors: string[] = [];
    for (const { id, body, sse } of bodies) {
      const validate = sse ? event : plain;
      expect(validate(body), `${id} must be valid before mutation`).toBe(true);
      for (const m of mutants(body)) {
        total++;
        if (validate(m.doc)) survivors.push(`${id} ${m.at}`);
      }
    }
    const killRate = ((total - survivors.length) / total) * 100;
    console.log(`mutation kill rate: ${killRate.toFixed(2)}% (${total - survivors.length}/${total} mutants rejected, ${bodies.length} responses)`);
    expect(total).toBeGreaterThan(1000);
    expect(survivors.slice(0, 20)).toEqual([]);
  });
});
