import { describe, expect, test } from "vitest";
import { bundleExamples } from "../../scripts/lib/examples.ts";
import { formatErrors, parseSse } from "../../src/validate.ts";
import { bundle, providers } from "../helpers/bundles.ts";

/** Every example of a bundle, named by where it sits. */
const examplesOf = (doc: any) =>
  bundleExamples(doc).map((e) => ({ ...e, where: `${e.operationId} ${e.target} ${e.mediaType} ${e.name}` }));

describe.each(providers)("examples of %s", (id) => {
  const { doc, validators } = bundle(id);
  const wire = bundle(id, "wire").validators;
  const examples = examplesOf(doc);

  test("cover text, multi-turn, system instruction, images, tools, JSON, thinking, grounding, safety and streaming", () => {
    const names = new Set(examples.map((e) => e.name));
    for (const name of ["basic-text", "multi-turn", "system-instruction", "image-generation", "image-to-image",
      "function-calling", "json-output", "thinking", "grounding", "safety-block"]) {
      expect(names, `missing example '${name}'`).toContain(name);
    }
    const sse = examples.filter((e) => e.mediaType === "text/event-stream");
    expect(sse.length).toBeGreaterThan(0);
    const statuses = new Set(examples.map((e) => e.target));
    for (const status of ["200", "400", "401", "403", "404", "429", "500", "503"]) expect(statuses).toContain(status);
  });

  test("every operation it serves has a 200 example, and a request example where it takes a body", () => {
    for (const item of Object.values<any>(doc.paths)) {
      for (const op of Object.values<any>(item).filter((o: any) => o?.operationId)) {
        const of = examples.filter((e) => e.operationId === op.operationId);
        expect(of.some((e) => e.target === "200"), `${op.operationId} 200`).toBe(true);
        expect(of.some((e) => e.target === "request"), `${op.operationId} request`).toBe(Boolean(op.requestBody));
      }
    }
  });

  test("the model list examples are of the shape this provider sends", () => {
    const lists = examples.filter((e) => e.operationId === "listModels" && e.target === "200");
    const shape = doc["x-gemini-provider"].modelListShape ?? "google";
    for (const e of lists) {
      const names = (e.value as any).models.map((m: any) => m.name);
      for (const name of names) expect(name.startsWith("models/"), `${e.name}: ${name}`).toBe(shape === "google");
    }
  });

  test("the image-generation request uses imageConfig with a value this provider documents", () => {
    const request = examples.find((e) => e.name === "image-generation" && e.target === "request")!.value as any;
    const config = request.generationConfig.imageConfig;
    expect(config).toBeDefined();
    const documented = doc["x-gemini-provider"].imageConfig ?? {};
    for (const key of Object.keys(documented)) {
      if (config[key] !== undefined) expect(documented[key]).toContain(config[key]);
    }
  });

  test.each(examples.filter((e) => e.mediaType !== "text/event-stream").map((e) => [e.where, e] as const))(
    "%s validates", (_where, e) => {
      const validate = e.target === "request"
        ? validators.requestBody(e.operationId)
        : validators.response(e.operationId, e.target, e.mediaType);
      expect(validate(e.value), formatErrors(validate.errors)).toBe(true);
      if (e.target === "request") {
        const accepts = wire.requestBody(e.operationId);
        expect(accepts(e.value), formatErrors(accepts.errors)).toBe(true);
      }
    });

  test.each(examples.filter((e) => e.mediaType === "text/event-stream").map((e) => [e.where, e] as const))(
    "%s is a string of SSE frames that each validate", (_where, e) => {
      expect(typeof e.value).toBe("string");
      const frames = parseSse(e.value as string);
      expect(frames.length).toBeGreaterThan(0);
      const validate = validators.sseData(e.operationId, e.target);
      for (const frame of frames) expect(validate(frame), formatErrors(validate.errors)).toBe(true);
    });
});
