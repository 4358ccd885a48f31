// Negative check over the cassettes of every provider: each type mutation of a valid response body or SSE
// frame (a string where a number belongs, an object for a list…) must be rejected by that provider's bundle.
// The kill rate is printed per provider.
import { describe, expect, test } from "vitest";
import { readCassettes, recordedDir } from "../../src/contract/cassette.ts";
import { providerContext } from "../../src/contract/context.ts";
import { freeFormFields, mutants } from "../../scripts/lib/contract/mutants.ts";
import { editedByAuthors } from "../../scripts/lib/corpus.ts";
import { providers } from "../helpers/bundles.ts";

const freeForm = freeFormFields();
const cassettes = readCassettes(recordedDir);

describe.each(providers)("type mutations of %s's recorded responses", (id) => {
  test("are all rejected", () => {
    const { validators } = providerContext(id);
    const targets: Array<{ at: string; value: unknown; validate: (v: unknown) => boolean }> = [];
    for (const { file, cassette } of cassettes) {
      const { status, body, sseEvents } = cassette.response;
      // success bodies only: an error body may match either error envelope a gateway sends, so a mutant of
      // one shape can be a valid instance of the other
      if (cassette.provider !== id || status !== 200 || editedByAuthors(cassette.note)) continue;
      if (sseEvents) {
        const validate = validators.sseData(cassette.operation, 200);
        sseEvents.forEach((event, i) => targets.push({ at: `${file}#${i + 1}`, value: event, validate }));
      } else if (body !== undefined) {
        targets.push({ at: file, value: body, validate: validators.response(cassette.operation, 200, "application/json") });
      }
    }
    let total = 0;
    const survivors: string[] = [];
    for (const { at, value, validate } of targets) {
      expect(validate(value), `${at} must be valid before mutation`).toBe(true);
      for (const m of mutants(value, (key) => freeForm.has(key))) {
        total++;
        if (validate(m.doc)) survivors.push(`${at} ${m.at}`);
      }
    }
    const rate = (100 * (total - survivors.length)) / total;
    console.log(`${id}: mutation kill rate ${rate.toFixed(2)}% (${total - survivors.length}/${total} mutants of ${targets.length} responses and frames rejected)`);
    console.log(`${id}: error bodies, for information: ${errorKillRate(id)}`);
    expect(targets.length).toBeGreaterThan(3);
    expect(survivors.slice(0, 20)).toEqual([]);
  });
});

/**
 * The same over error bodies, reported but not required: a gateway's two envelopes overlap (`code` may be a
 * string or a number, Google's `status` is unknown to the gateway shape), and Google's `details` entries are
 * free-form `Any` messages, so some mutants are valid errors of another kind.
 */
function errorKillRate(id: string): string {
  const { validators } = providerContext(id);
  let total = 0;
  let killed = 0;
  for (const { cassette } of cassettes) {
    const { status, body } = cassette.response;
    if (cassette.provider !== id || status < 400 || body === undefined) continue;
    const validate = validators.response(cassette.operation, status, "application/json");
    for (const m of mutants(body, (key) => freeForm.has(key))) {
      total++;
      if (!validate(m.doc)) killed++;
    }
  }
  return total ? `${((100 * killed) / total).toFixed(2)}% (${killed}/${total} rejected)` : "no error cassettes";
}
