// How scripts/lib/upconvert-3.2.ts turns the stream of a 3.1 bundle into OpenAPI 3.2's itemSchema, on a small
// document, and that Redocly lints the result as 3.2 while the same fields in a 3.1 document fail.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { upConvert32 } from "../../scripts/lib/upconvert-3.2.ts";
import { redocly } from "../../scripts/lib/redocly.ts";

const itemSchema = {
  type: "object",
  required: ["data"],
  properties: { data: { type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/components/schemas/Chunk" } } },
};
const doc31 = {
  openapi: "3.1.0",
  info: { title: "stream", version: "1", license: { name: "MIT", identifier: "MIT" } },
  servers: [{ url: "https://example.test" }],
  security: [],
  paths: {
    "/run": {
      post: {
        operationId: "run",
        summary: "run",
        description: "Streams.",
        responses: {
          "200": {
            description: "ok",
            content: {
              "text/event-stream": {
                schema: { type: "string", description: "the events as text" },
                "x-itemSchema": itemSchema,
                examples: { two: { summary: "two events", value: 'data: {"n":1}\n\ndata: {"n":2}\n\n' } },
              },
              "application/json": {
                schema: { type: "array", items: { $ref: "#/components/schemas/Chunk" } },
                examples: { two: { summary: "two chunks", value: [{ n: 1 }, { n: 2 }] } },
              },
            },
          },
          "400": { $ref: "#/components/responses/Failed" },
        },
      },
    },
  },
  components: {
    schemas: { Chunk: { type: "object", properties: { n: { type: "integer" } } } },
    responses: {
      Failed: {
        description: "failure",
        content: { "text/event-stream": { schema: { type: "string" }, "x-itemSchema": itemSchema } },
      },
    },
  },
};

async function lint(doc: unknown): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-oas32-"));
  const file = path.join(dir, "openapi.json");
  fs.writeFileSync(file, JSON.stringify(doc));
  fs.writeFileSync(path.join(dir, "redocly.yaml"), "extends:\n- minimal\n");
  try {
    return await redocly(["lint", file, "--config", path.join(dir, "redocly.yaml")]);
  } catch (error: any) {
    return error.message;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("up-conversion to OpenAPI 3.2", () => {
  const doc = upConvert32(doc31);
  const stream = doc.paths["/run"].post.responses["200"].content["text/event-stream"];

  test("the input document is left as it was", () => {
    expect(doc31.paths["/run"].post.responses["200"].content["text/event-stream"]).toHaveProperty("x-itemSchema");
    expect(doc31.openapi).toBe("3.1.0");
  });

  test("the event schema becomes itemSchema, and the string schema of the whole body goes", () => {
    expect(doc.openapi).toBe("3.2.0");
    expect(stream.itemSchema).toEqual(itemSchema);
    expect(stream).not.toHaveProperty("schema");
    expect(stream).not.toHaveProperty("x-itemSchema");
    // also in a shared response component
    expect(doc.components.responses.Failed.content["text/event-stream"]).toEqual({ itemSchema });
  });

  test("a string example of the stream becomes serializedValue; other media types keep their examples and schema", () => {
    expect(stream.examples.two).toEqual({ summary: "two events", serializedValue: 'data: {"n":1}\n\ndata: {"n":2}\n\n' });
    expect(doc.paths["/run"].post.responses["200"].content["application/json"]).toEqual(doc31.paths["/run"].post.responses["200"].content["application/json"]);
  });

  test("the result is a valid OpenAPI 3.2 document (Redocly's structural rules)", async () => {
    const out = await lint(doc);
    expect(out).toMatch(/Woohoo|valid/);
    expect(out).not.toMatch(/struct|Validation failed/);
  });

  test("the same fields in a 3.1 document fail that lint, so the check can fail", async () => {
    const out = await lint({ ...doc, openapi: "3.1.0" });
    expect(out).toMatch(/struct/);
    expect(out).toMatch(/itemSchema/);
  });
});
