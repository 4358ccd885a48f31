// How scripts/lib/downconvert.ts turns each OpenAPI 3.1-only construct into OpenAPI 3.0.3, on a small
// document that holds all of them (the bundles use only some), and that the result lints as 3.0.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { downConvert } from "../../scripts/lib/downconvert.ts";
import { redocly } from "../../scripts/lib/redocly.ts";

const errorResponse = { description: "failure", content: { "application/json": { schema: { $ref: "#/components/schemas/Failure" } } } };
const doc31 = {
  openapi: "3.1.0",
  info: { title: "constructs", version: "1", summary: "one line", description: "Every 3.1-only construct.", license: { name: "MIT", identifier: "MIT" } },
  servers: [{ url: "https://example.test" }],
  security: [],
  paths: {
    "/run": {
      post: {
        operationId: "run",
        summary: "run",
        description: "Runs.",
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Req" } } } },
        responses: {
          "200": {
            description: "ok",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/Res" } },
              "text/event-stream": {
                schema: { type: "string" },
                "x-itemSchema": { type: "object", properties: { data: { type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/components/schemas/Res" } } } },
              },
            },
          },
          "400": errorResponse,
        },
      },
    },
  },
  components: {
    schemas: {
      Req: {
        type: "object",
        required: ["mode"],
        properties: {
          mode: { type: "string", const: "fast" },
          note: { type: ["string", "null"], examples: ["first", "second"] },
          code: { type: ["string", "integer", "null"] },
          nothing: { type: "null" },
          ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
          payload: { type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/components/schemas/Res" } },
          legacy: { $ref: "#/components/schemas/Res", description: "Old form.", deprecated: true },
          result: { $ref: "#/components/schemas/Res", description: "Described at the use site." },
          event: { $ref: "#/components/schemas/Event" },
        },
      },
      Res: {
        type: "object",
        properties: {
          reason: {
            description: "Why it stopped.",
            anyOf: [{ type: "string", enum: ["DONE", "LIMIT"], "x-enumDescriptions": { DONE: "done", LIMIT: "limit" } }, { type: "string", description: "A later value." }],
          },
        },
      },
      Failure: { type: "object", properties: { message: { type: "string" } } },
      Event: {
        anyOf: [{ $ref: "#/components/schemas/Res" }, { $ref: "#/components/schemas/Failure" }],
        dependentSchemas: { message: { $ref: "#/components/schemas/Failure" } },
      },
    },
  },
};

describe("down-conversion to OpenAPI 3.0.3", () => {
  // compared as written to disk: the converter clones through v8.serialize, whose arrays vitest sees as another realm's
  const doc = JSON.parse(JSON.stringify(downConvert(doc31)));
  const req = doc.components.schemas.Req.properties;

  test("the input document is left as it was", () => {
    expect((doc31.components.schemas.Req.properties.note as any).type).toEqual(["string", "null"]);
    expect(doc31.info.summary).toBe("one line");
  });

  test("version, info summary and license", () => {
    expect(doc.openapi).toBe("3.0.3");
    expect(doc.info).toEqual({ title: "constructs", version: "1", description: "Every 3.1-only construct.", license: { name: "MIT", url: "https://spdx.org/licenses/MIT.html" }, "x-summary": "one line" });
  });

  test("const becomes a one-value enum; [X, null] becomes nullable; schema examples become one example", () => {
    expect(req.mode).toEqual({ type: "string", enum: ["fast"] });
    expect(req.note).toEqual({ type: "string", nullable: true, example: "first" });
  });

  test("a type array of several types becomes anyOf branches, each nullable when null was allowed; null alone an enum of null", () => {
    expect(req.code).toEqual({ anyOf: [{ type: "string", nullable: true }, { type: "integer", nullable: true }] });
    expect(req.nothing).toEqual({ type: "string", nullable: true, enum: [null] });
  });

  test("numeric exclusive bounds become minimum/maximum with boolean flags", () => {
    expect(req.ratio).toEqual({ type: "number", minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true });
  });

  test("contentMediaType/contentSchema move to extensions whose $ref still resolves", () => {
    expect(req.payload).toEqual({ type: "string", "x-contentMediaType": "application/json", "x-contentSchema": { $ref: "#/components/schemas/Res" } });
    const item = doc.paths["/run"].post.responses["200"].content["text/event-stream"]["x-itemSchema"];
    expect(item.properties.data.contentSchema).toEqual({ $ref: "#/components/schemas/Res" });
  });

  test("a $ref loses its sibling description, but a deprecated one is wrapped in allOf", () => {
    expect(req.result).toEqual({ $ref: "#/components/schemas/Res" });
    expect(req.legacy).toEqual({ description: "Old form.", deprecated: true, allOf: [{ $ref: "#/components/schemas/Res" }] });
  });

  test("dependentSchemas becomes an allOf rule: the member is absent, or the schema holds", () => {
    expect(doc.components.schemas.Event).toEqual({
      anyOf: [{ $ref: "#/components/schemas/Res" }, { $ref: "#/components/schemas/Failure" }],
      allOf: [{ anyOf: [{ not: { required: ["message"], properties: { message: {} } } }, { $ref: "#/components/schemas/Failure" }] }],
    });
  });

  test("an open enum becomes a string with its known values in x-extensible-enum and in the description", () => {
    expect(doc.components.schemas.Res.properties.reason).toEqual({
      type: "string", description: "Why it stopped. Known values: `DONE`, `LIMIT`; others may appear.",
      "x-enumDescriptions": { DONE: "done", LIMIT: "limit" }, "x-extensible-enum": ["DONE", "LIMIT"],
    });
  });

  test("the result is a valid OpenAPI 3.0 document (Redocly's structural rules)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-oas30-"));
    const file = path.join(dir, "openapi.3.0.json");
    fs.writeFileSync(file, JSON.stringify(doc));
    fs.writeFileSync(path.join(dir, "redocly.yaml"), "extends:\n- minimal\n");
    let out = "";
    try {
      out = await redocly(["lint", file, "--config", path.join(dir, "redocly.yaml")]);
    } catch (error: any) {
      out = error.message;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out).toMatch(/Woohoo|valid/);
    expect(out).not.toMatch(/struct|Validation failed/);
  });

  test("the same constructs left in 3.1 fail that lint as 3.0, so the check can fail", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-oas30-"));
    const file = path.join(dir, "openapi.json");
    fs.writeFileSync(file, JSON.stringify({ ...doc31, openapi: "3.0.3" }));
    fs.writeFileSync(path.join(dir, "redocly.yaml"), "extends:\n- minimal\n");
    let out = "";
    try {
      out = await redocly(["lint", file, "--config", path.join(dir, "redocly.yaml")]);
    } catch (error: any) {
      out = error.message;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out).toMatch(/struct/);
  });
});
