// The extra artefacts published per provider: openapi.dereferenced.json, openapi.3.0.json and
// openapi.3.2.{json,yaml}. They must lint, hold nothing their readers cannot handle, and accept and reject the
// same values as the canonical bundle.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, test } from "vitest";
import { recursiveSchemaNames } from "../../scripts/lib/dereference.ts";
import { downConvert } from "../../scripts/lib/downconvert.ts";
import { bundlePaths, readJson } from "../../scripts/lib/providers.ts";
import { createValidators, escapePointer, type BundleValidators } from "../../src/validate.ts";
import { lintCounts, redocly } from "../../scripts/lib/redocly.ts";
import { corpusRecords, providers } from "../helpers/bundles.ts";

const variant = (id: string, name: string) => path.join(bundlePaths(id).dir, name);
const load = (id: string, name: string) => readJson(variant(id, name));

function walk(node: unknown, visit: (n: Record<string, any>, at: string) => void, at = "#") {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, visit, `${at}/${i}`));
  visit(node as Record<string, any>, at);
  for (const [k, v] of Object.entries(node)) walk(v, visit, `${at}/${k}`);
}

/** Validators for `#/components/schemas/<name>` of a document, with Ajv's dialect for its OpenAPI version. */
function schemaValidators(doc: any) {
  const ajv = doc.openapi.startsWith("3.0") ? new Ajv({ strict: false, allErrors: true }) : new Ajv2020({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
  ajv.addSchema(doc, "urn:gemini:doc");
  return (name: string) => ajv.compile({ $ref: `urn:gemini:doc#/components/schemas/${name}` });
}

/** Every recorded body and frame with the schema that describes it. */
function corpusValues(): Array<[string, string, unknown]> {
  return corpusRecords().flatMap(({ id, record }) => {
    const { status, body, events } = record.response as any;
    if (events) return events.map((e: unknown, i: number) => [`${id}#${i}`, "GenerateContentStreamEvent", e]);
    if (Array.isArray(body)) return body.map((e: unknown, i: number) => [`${id}#${i}`, "GenerateContentStreamEvent", e]);
    return [[id, status >= 400 ? "ErrorResponse" : "GenerateContentResponse", body]];
  });
}

// Values each variant must judge as the canonical bundle does (beyond the corpus, which is all valid).
const PROBES: Array<[string, string, unknown, boolean]> = [
  ["GenerateContentResponse", "candidates not a list", { candidates: "x" }, false],
  ["GenerateContentResponse", "finishReason Google adds later (open enum)", { candidates: [{ finishReason: "BRAND_NEW_REASON" }] }, true],
  ["GenerateContentResponse", "token count as a string", { usageMetadata: { promptTokenCount: "5" } }, false],
  ["GenerateContentRequest", "text that is a number", { contents: [{ parts: [{ text: 1 }] }] }, false],
  ["GenerateContentRequest", "harm category outside the closed enum", { contents: [], safetySettings: [{ category: "NOPE", threshold: "BLOCK_NONE" }] }, false],
  ["GenerateContentRequest", "no contents", {}, false],
  ["ErrorResponse", "error without a message", { error: { code: 400 } }, false],
];

describe("published variants", () => {
  test("every dereferenced, 3.0 and 3.2 variant lints with 0 errors and 0 warnings", async () => {
    const files = providers.flatMap((id) => ["openapi.dereferenced.json", "openapi.3.0.json", "openapi.3.2.json"].map((name) => variant(id, name)));
    const out = await redocly(["lint", ...files]);
    expect(lintCounts(out)).toEqual({ errors: "0", warnings: "0", valid: true });
    for (const file of files) expect(out).toContain(path.basename(file));
  });

  test.each(providers)("%s: the dereferenced copy keeps $refs only for recursive schemas, which are all its components hold", (id) => {
    const canonical = load(id, "openapi.json");
    const doc = load(id, "openapi.dereferenced.json");
    const recursive = [...recursiveSchemaNames(canonical)].sort();
    expect(recursive).toContain("Schema");
    expect(Object.keys(doc.components.schemas).sort()).toEqual(recursive);
    expect(Object.keys(doc.components).sort()).toEqual(["schemas", "securitySchemes"]);
    const refs = new Set<string>();
    walk(doc, (n) => typeof n.$ref === "string" && refs.add(n.$ref));
    expect([...refs].sort()).toEqual(recursive.map((n) => `#/components/schemas/${n}`));
    // A `$ref` sibling (a field's own description) survives inlining.
    expect(doc.components.schemas.Schema.properties.items.description).toBe(canonical.components.schemas.Schema.properties.items.description);
  });

  test.each(providers)("%s: the 3.0 copy holds nothing OpenAPI 3.0 lacks", (id) => {
    const doc = load(id, "openapi.3.0.json");
    expect(doc.openapi).toBe("3.0.3");
    expect(doc.info.summary).toBeUndefined();
    expect(doc.info.license.url).toMatch(/^https:\/\//);
    const problems: string[] = [];
    let openEnums = 0;
    walk(doc.components, (n, at) => {
      if (at.includes("/x-") || at.includes("/example")) return;
      if (Array.isArray(n.type)) problems.push(`${at}: type array`);
      if ("const" in n) problems.push(`${at}: const`);
      if (typeof n.exclusiveMinimum === "number" || typeof n.exclusiveMaximum === "number") problems.push(`${at}: numeric exclusive bound`);
      if (typeof n.$ref === "string" && Object.keys(n).length > 1) problems.push(`${at}: $ref with siblings`);
      if (n.type === "null") problems.push(`${at}: type null`);
      if (n.dependentSchemas) problems.push(`${at}: dependentSchemas`);
      if (n["x-extensible-enum"]) openEnums++;
    });
    expect(problems).toEqual([]);
    // Response enums are open: each became a string with its known values in x-extensible-enum.
    expect(openEnums).toBeGreaterThan(10);
    expect(doc.components.schemas.Candidate.properties.finishReason).toMatchObject({ type: "string", "x-extensible-enum": expect.arrayContaining(["STOP", "MAX_TOKENS"]) });
    // The SSE frame schema stays in its extension and still points at a component that exists.
    const sse = doc.paths["/v1beta/models/{model}:streamGenerateContent"] ?? Object.values<any>(doc.paths).find((p) => p.post.operationId === "streamGenerateContent");
    const ref = sse.post.responses["200"].content["text/event-stream"]["x-itemSchema"].properties.data.contentSchema.$ref;
    expect(doc.components.schemas[ref.split("/").pop()]).toBeDefined();
  });

  test.each(providers)("%s: the 3.0 copy accepts and rejects values as the canonical bundle does", (id) => {
    const [canonical, converted] = [schemaValidators(load(id, "openapi.json")), schemaValidators(load(id, "openapi.3.0.json"))];
    const compiled = new Map<string, [ValidateFunction, ValidateFunction]>();
    const judge = (schema: string, value: unknown) => {
      if (!compiled.has(schema)) compiled.set(schema, [canonical(schema), converted(schema)]);
      const [a, b] = compiled.get(schema)!;
      return [a(value), b(value)];
    };
    const samples = corpusValues();
    for (const [sample, schema, value] of samples) {
      const [a, b] = judge(schema, value);
      expect(b, `${sample} (${schema})`).toBe(a);
    }
    for (const [schema, label, value, valid] of PROBES) expect(judge(schema, value), label).toEqual([valid, valid]);
    expect(samples.length).toBeGreaterThan(100);
  });

  test.each(providers)("%s: the 3.2 copy is the canonical bundle with the stream described by itemSchema, nothing else", (id) => {
    const canonical = load(id, "openapi.json");
    const doc = load(id, "openapi.3.2.json");
    expect(doc.openapi).toBe("3.2.0");
    expect(YAML.parse(fs.readFileSync(variant(id, "openapi.3.2.yaml"), "utf8"))).toEqual(doc);
    let streams = 0;
    walk(doc, (n) => {
      if (!n.itemSchema) return;
      streams++;
      // Undo the two edits: what is left must be the canonical bundle.
      n["x-itemSchema"] = n.itemSchema;
      delete n.itemSchema;
      n.schema = canonical.paths["/v1beta/models/{model}:streamGenerateContent"].post.responses["200"].content["text/event-stream"].schema;
      for (const example of Object.values<any>(n.examples ?? {})) {
        example.value = example.serializedValue;
        delete example.serializedValue;
      }
    });
    expect(streams).toBe(1);
    const { openapi, "x-gemini-variant": label, ...rest } = doc;
    expect(label).toBe("openapi-3.2");
    expect({ ...rest, openapi: canonical.openapi }).toEqual(canonical);
  });

  test.each(providers)("%s: the 3.2 itemSchema judges every recorded frame as the canonical x-itemSchema does", (id) => {
    const canonical = createValidators(load(id, "openapi.json")).sseData("streamGenerateContent");
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv);
    ajv.addSchema(load(id, "openapi.3.2.json"), "urn:gemini:oas32");
    const pointer = `#/paths/${escapePointer("/v1beta/models/{model}:streamGenerateContent")}/post/responses/200/content/text~1event-stream/itemSchema`;
    const event = ajv.compile({ $ref: `urn:gemini:oas32${pointer}` });
    const frame = ajv.compile({ $ref: `urn:gemini:oas32${pointer}/properties/data/contentSchema` });
    const frames = corpusValues().filter(([, schema]) => schema === "GenerateContentStreamEvent");
    for (const [sample, , value] of frames) {
      expect(frame(value), sample).toBe(canonical(value));
      expect(event({ data: JSON.stringify(value) }), sample).toBe(true);
    }
    for (const [label, value] of [["a chunk", { candidates: [] }], ["an error", { error: { code: 500, message: "x", status: "INTERNAL" } }],
      ["an error member that is no error", { candidates: [], error: "nope" }], ["text that is a number", { candidates: [{ content: { parts: [{ text: 1 }] } }] }]] as const) {
      expect(frame(value), label).toBe(canonical(value));
    }
    expect(canonical({ candidates: [], error: "nope" })).toBe(false);
    expect(event({}), "an event without data").toBe(false);
    expect(frames.length).toBeGreaterThan(20);
  });

  test.each(providers)("%s: the dereferenced copy accepts and rejects values as the canonical bundle does", (id) => {
    const [canonical, inlined] = [createValidators(load(id, "openapi.json")), createValidators(load(id, "openapi.dereferenced.json"))];
    const pick = (v: BundleValidators, schema: string) =>
      schema === "GenerateContentRequest" ? v.requestBody("generateContent")
        : schema === "GenerateContentStreamEvent" ? v.sseData("streamGenerateContent")
          : v.response("generateContent", schema === "ErrorResponse" ? 400 : 200);
    const samples = corpusValues();
    for (const [sample, schema, value] of samples) {
      expect(pick(inlined, schema)(value), `${sample} (${schema})`).toBe(pick(canonical, schema)(value));
    }
    for (const [schema, label, value, valid] of PROBES) {
      expect([pick(canonical, schema)(value), pick(inlined, schema)(value)], label).toEqual([valid, valid]);
    }
    expect(samples.length).toBeGreaterThan(100);
  });
});
