// Every recorded exchange in tests/fixtures/corpus must validate against the google bundle, as the operation its
// URL names: real traffic that does not validate means the spec is wrong.
import { describe, expect, test } from "vitest";
import { corpusOperation } from "../../scripts/lib/corpus.ts";
import { formatErrors } from "../../src/validate.ts";
import { bundle, corpusRecords, editedByAuthors } from "../helpers/bundles.ts";

const records = corpusRecords();

// The corpus notes say where fixture authors replaced base64 payloads by placeholder text; only a `byte`
// format error at such a field is tolerated, and only for those records.
function tolerated(record: any, errors: any[] | null | undefined): boolean {
  const edited = editedByAuthors(record.note);
  return edited && (errors ?? []).every((e) => e.keyword === "format" && e.params.format === "byte");
}

describe("google bundle accepts the recorded corpus", () => {
  const { validators } = bundle("google");
  const wire = bundle("google", "wire").validators;

  test("the corpus is there, with recorded traffic of the embedding and model-list operations too", () => {
    expect(records.length).toBeGreaterThanOrEqual(74);
    const doc = bundle("google").doc;
    const operations = new Set(records.map((r) => corpusOperation(r.record)));
    for (const op of ["generateContent", "streamGenerateContent", "batchEmbedContents", "listModels"]) expect(operations).toContain(op);
  });

  test.each(records.map((r) => [r.id, r.record] as const))("%s", (_id, record) => {
    const op = corpusOperation(record);
    if (record.request?.body) {
      const accepts = wire.requestBody(op);
      expect(accepts(record.request.body), formatErrors(accepts.errors)).toBe(true);
    }
    const { status, events, body } = record.response;
    let checked = 0;
    const check = (validate: any, value: unknown) => {
      const ok = validate(value) || tolerated(record, validate.errors);
      expect(ok, formatErrors(validate.errors)).toBe(true);
      checked++;
    };
    if (events) {
      for (const event of events) check(validators.sseData(op, status), event);
    } else if (op === "streamGenerateContent" && Array.isArray(body)) {
      check(validators.response(op, status, "application/json"), body);
    } else {
      check(validators.response(op, status), body);
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe("which operation a record belongs to", () => {
  const record = (method: string, url: string | null, response: object = { status: 200, body: {} }) => ({ request: { method, url }, response });
  test("is the operation whose method and path match the recorded URL", () => {
    expect(corpusOperation(record("POST", "/v1beta/models/gemini-embedding-001:batchEmbedContents"))).toBe("batchEmbedContents");
    expect(corpusOperation(record("POST", "/v1beta/models/gemini-2.5-flash:countTokens"))).toBe("countTokens");
    expect(corpusOperation(record("GET", "/v1beta/models?pageSize=5"))).toBe("listModels");
    expect(corpusOperation(record("GET", "/v1beta/models/gemini-2.5-flash"))).toBe("getModel");
    expect(corpusOperation(record("POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"))).toBe("streamGenerateContent");
    expect(() => corpusOperation(record("GET", "/v1beta/models/gemini-2.5-flash:generateContent"))).toThrow(/no operation/);
  });
  test("falls back to the response's shape where the URL was not kept", () => {
    expect(corpusOperation(record("POST", null, { status: 200, events: [{}] }))).toBe("streamGenerateContent");
    expect(corpusOperation(record("POST", null))).toBe("generateContent");
  });
});

describe("statuses the operations do not list", () => {
  const { validators } = bundle("google");
  test("fall under the default response and still need Google's envelope", () => {
    const timeout = { error: { code: 504, message: "Deadline expired before operation could complete.", status: "DEADLINE_EXCEEDED" } };
    expect(validators.response("generateContent", 504)(timeout)).toBe(true);
    expect(validators.response("generateContent", 504)({ error: "timeout" })).toBe(false);
    expect(validators.response("generateContent", 504)({ error: { message: "x", type: "new_api_error" } })).toBe(false);
  });
});
