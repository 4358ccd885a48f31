// Type mutations of valid responses must be rejected: a string where a number belongs, an object where an
// array belongs, and so on, at every position whose type the spec declares.
import { describe, expect, test } from "vitest";
import { freeFormFields, mutants as mutantsOf } from "../../scripts/lib/contract/mutants.ts";
import { bundle, corpusRecords, editedByAuthors } from "../helpers/bundles.ts";

const freeForm = freeFormFields();
const mutants = (doc: unknown) => mutantsOf(doc, (key) => freeForm.has(key));

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
