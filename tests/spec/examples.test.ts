import { describe, expect, test } from "vitest";
import { formatErrors, parseSse, resolvePointer } from "../../scripts/lib/validate.ts";
import { bundle, providers } from "../helpers/bundles.ts";

type Found = { where: string; operationId: string; target: string; mediaType: string; name: string; value: unknown };

/** Every example attached to a request or response media type of a bundle. */
function examplesOf(doc: any): Found[] {
  const found: Found[] = [];
  for (const item of Object.values<any>(doc.paths)) {
    const op = item.post;
    const push = (target: string, content: any) => {
      for (const [mediaType, media] of Object.entries<any>(content ?? {})) {
        for (const [name, ex] of Object.entries<any>(media.examples ?? {})) {
          found.push({ where: `${op.operationId} ${target} ${mediaType} ${name}`, operationId: op.operationId, target, mediaType, name, value: ex.value });
        }
      }
    };
    push("request", op.requestBody.content);
    for (const [status, response] of Object.entries<any>(op.responses)) {
      const resolved = response.$ref ? resolvePointer(doc, response.$ref.slice(1)) : response;
      push(status, resolved.content);
    }
  }
  return found;
}

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
