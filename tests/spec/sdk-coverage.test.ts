// The second source of truth: the official SDK's fields and enum values (reference/google-genai/) are each
// described by the spec or excluded with a reason (spec/sdk-exclusions.yaml), and the comparison notices when
// that stops being true.
import { describe, expect, test } from "vitest";
import { compareWithSdk, loadSdkExclusions, loadSdkInventory, servedFields } from "../../scripts/lib/sdk-coverage.ts";
import type { InventoryField } from "../../scripts/lib/sdk/inventory.ts";
import { bundle, providers } from "../helpers/bundles.ts";

const inventory = loadSdkInventory();

describe("the SDK inventory", () => {
  test("names the package it was read from, with its checksums", () => {
    expect(inventory.meta).toMatchObject({ package: "@google/genai", version: "3.3.0" });
    expect(inventory.meta.integrity).toMatch(/^sha512-/);
    for (const file of Object.values<any>(inventory.meta.files)) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test("holds the fields the spec was extended with, classified as the SDK uses them", () => {
    const api = (path: string) => inventory.fields.find((f) => f.path === path)?.api;
    expect(api("GenerateContentRequest.continuationToken")).toBe("gemini");
    expect(api("GenerateContentResponse.candidates[].continuationToken")).toBe("gemini");
    expect(api("GenerateContentRequest.contents[].parts[].speechMetadata")).toBe("gemini");
    expect(api("GenerateContentRequest.generationConfig.imageConfig.personGeneration")).toBe("vertex");
    expect(api("GenerateContentRequest.tools[].retrieval")).toBe("vertex");
  });

  test("holds what the SDK sends and reads for token counting, embeddings and models, under the REST paths", () => {
    const api = (path: string) => inventory.fields.find((f) => f.path === path)?.api;
    expect(api("CountTokensRequest.contents[]")).toBe("gemini");
    expect(api("CountTokensRequest.systemInstruction")).toBe("vertex"); // the SDK throws for it on the Gemini API
    expect(api("CountTokensResponse.totalTokens")).toBe("gemini");
    // the SDK's embedContent posts to :batchEmbedContents, one request per content, settings on each request
    expect(api("BatchEmbedContentsRequest.requests[].content")).toBe("gemini");
    expect(api("BatchEmbedContentsRequest.requests[].model")).toBe("gemini");
    expect(api("BatchEmbedContentsRequest.requests[].taskType")).toBe("gemini");
    expect(api("BatchEmbedContentsRequest.autoTruncate")).toBe("vertex");
    expect(api("BatchEmbedContentsResponse.embeddings[].values[]")).toBe("gemini");
    expect(api("Model.supportedGenerationMethods[]")).toBe("gemini"); // the SDK's `supportedActions`
    expect(api("Model.labels{}")).toBe("vertex");
    expect(api("ListModelsResponse.nextPageToken")).toBe("gemini");
  });
});

describe.each(providers)("%s against the SDK", (id) => {
  const { doc } = bundle(id);
  const c = compareWithSdk(doc);

  test("every SDK field and enum value of the operations it serves is described or excluded, with the x-source it needs", () => {
    expect(c.fields.missing).toEqual([]);
    expect(c.values.missing).toEqual([]);
    expect(c.unmarked).toEqual([]);
    const served = servedFields(doc, inventory.fields);
    expect(c.fields.described + c.fields.excused).toBe(served.length);
    const roots = new Set(served.map((f) => f.path.split(".")[0]));
    expect(roots.has("GenerateContentRequest")).toBe(true);
    expect(roots.has("CountTokensRequest"), "countTokens").toBe(Boolean(doc.paths["/v1beta/models/{model}:countTokens"]));
    expect(roots.has("Model"), "getModel").toBe(Boolean(doc.paths["/v1beta/models/{model}"]));
  });

  test("every exclusion still excuses something", () => {
    expect(c.stale).toEqual([]);
  });
});

describe("the SDK comparison", () => {
  const doc = bundle("google").doc;

  test("notices a deleted field, a missing enum value and a missing x-source", () => {
    const broken = structuredClone(doc);
    const schemas = broken.components.schemas;
    delete schemas.Part.properties.speechMetadata;
    schemas.ThinkingConfig.properties.thinkingLevel.enum = schemas.ThinkingConfig.properties.thinkingLevel.enum.filter((v: string) => v !== "XHIGH");
    delete schemas.GenerateContentRequest.properties.continuationToken["x-source"];
    schemas.GenerateContentRequest.properties.modelArmorConfig = { type: "object", description: "Vertex only, unmarked" };
    const c = compareWithSdk(broken);
    expect(c.fields.missing).toContain("GenerateContentRequest.contents[].parts[].speechMetadata (gemini, SpeechMetadata)");
    expect(c.fields.missing).toContain("GenerateContentResponse.candidates[].content.parts[].speechMetadata.style (gemini, string)");
    expect(c.values.missing).toContain("GenerateContentRequest.generationConfig.thinkingConfig.thinkingLevel=XHIGH (gemini)");
    expect(c.unmarked.some((u) => u.startsWith("GenerateContentRequest.continuationToken:"))).toBe(true);
    expect(c.unmarked.some((u) => u.startsWith("GenerateContentRequest.modelArmorConfig: the SDK uses it only with Vertex AI"))).toBe(true);
    // described now, so its exclusion no longer excuses anything
    expect(c.stale).toContain("GenerateContentRequest.modelArmorConfig");
  });

  test("an excluded field accounts for the fields and values below it, and nothing else", () => {
    const field = (path: string, extra: Partial<InventoryField> = {}): InventoryField =>
      ({ path, side: "request", owner: "X", sdkName: path.split(".").pop()!, type: "string", jsonType: "string", api: "vertex", evidence: "test", ...extra });
    const fields = [
      field("GenerateContentRequest.vertexOnly"),
      field("GenerateContentRequest.vertexOnly.inner", { enum: { name: "E", values: [{ value: "A", api: "vertex" }] } }),
      field("GenerateContentRequest.vertexOnlyToo"),
    ];
    const c = compareWithSdk(doc, fields, [{ reason: "Vertex AI only", fields: ["GenerateContentRequest.vertexOnly"] }]);
    expect(c.fields).toMatchObject({ total: 3, excused: 2, missing: ["GenerateContentRequest.vertexOnlyToo (vertex, string)"] });
    expect(c.values).toMatchObject({ total: 1, excused: 1, missing: [] });
    expect(c.stale).toEqual([]);
  });

  test("an exclusion for something the SDK does not have is stale", () => {
    const c = compareWithSdk(doc, inventory.fields, [...loadSdkExclusions(), { reason: "gone", values: ["GenerateContentRequest.serviceTier=turbo"] }]);
    expect(c.stale).toEqual(["GenerateContentRequest.serviceTier=turbo"]);
  });
});
