// Type mutations of valid responses must be rejected: a string where a number belongs, an object where an
// array belongs, and so on, at every position whose type the spec declares.
import { describe, expect, test } from "vitest";
import { corpusOperation } from "../../scripts/lib/corpus.ts";
import { freeFormFields, mutants as mutantsOf } from "../../scripts/lib/contract/mutants.ts";
import { bundle, corpusRecords, editedByAuthors } from "../helpers/bundles.ts";

const freeForm = freeFormFields();
const mutants = (doc: unknown) => mutantsOf(doc, (key) => freeForm.has(key));

const google = bundle("google");
const bodies: Array<{ id: string; body: unknown; sse: boolean; operation: string }> = [];
for (const { id, record } of corpusRecords()) {
  if (record.response.status !== 200 || editedByAuthors(record.note)) continue;
  const operation = corpusOperation(record);
  if (record.response.events) record.response.events.forEach((e: unknown, i: number) => bodies.push({ id: `${id}#${i}`, body: e, sse: true, operation }));
  else if (!Array.isArray(record.response.body)) bodies.push({ id, body: record.response.body, sse: false, operation: operation === "streamGenerateContent" ? "generateContent" : operation });
}

describe("type mutations of valid responses", () => {
  test("are all rejected by the google bundle", () => {
    const { validators } = google;
    const event = validators.sseData("streamGenerateContent", 200);
    expect(new Set(bodies.map((b) => b.operation))).toEqual(new Set(["generateContent", "streamGenerateContent", "batchEmbedContents", "listModels"]));
    let total = 0;
    const survivors: string[] = [];
    for (const { id, body, sse, operation } of bodies) {
      const validate = sse ? event : validators.response(operation, 200);
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
