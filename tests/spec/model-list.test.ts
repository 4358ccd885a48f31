// The model list differs by provider: Google pages through its catalogue with full entries; a gateway built on
// new-api builds one page itself, bare ids and nulls (controller/model.go, dto/pricing.go in new-api). Each
// bundle must describe only the shape its provider sends, and accept it as sent.
import { describe, expect, test } from "vitest";
import { formatErrors } from "../../src/validate.ts";
import { bundle, corpusRecords } from "../helpers/bundles.ts";

// What new-api's ListModels writes for two models (Go's encoding of its GeminiModel struct, field order kept).
const newApiList = {
  models: ["gemini-2.5-pro", "gpt-4o"].map((id) => ({
    name: id, baseModelId: null, version: null, displayName: id, description: null, inputTokenLimit: null,
    outputTokenLimit: null, supportedGenerationMethods: null, thinking: null, temperature: null, maxTemperature: null,
    topP: null, topK: null,
  })),
  nextPageToken: null,
};
const googleList = corpusRecords().find((r) => r.id === "habeat-server/1.json")!.record.response.body;

describe("the model list", () => {
  test("the selfhosted bundle accepts new-api's list and nothing else in its place", () => {
    const validate = bundle("selfhosted").validators.response("listModels", 200);
    expect(validate(newApiList), formatErrors(validate.errors)).toBe(true);
    expect(validate({ models: [] })).toBe(true);
    expect(validate({ nextPageToken: null })).toBe(false);
    expect(validate({ models: [{ displayName: "no name" }] })).toBe(false);
    expect(validate({ models: [{ name: "x", inputTokenLimit: "many" }] })).toBe(false);
  });

  test("the google bundle accepts Google's recorded list and rejects the gateway's nulls", () => {
    const validate = bundle("google").validators.response("listModels", 200);
    expect(validate(googleList), formatErrors(validate.errors)).toBe(true);
    expect(validate(newApiList)).toBe(false);
    expect(validate({ models: [{ name: "models/x" }] })).toBe(false); // Google's entries carry a version
  });

  test("each bundle keeps only its own shape", () => {
    const google = bundle("google").doc.components.schemas;
    const selfhosted = bundle("selfhosted").doc.components.schemas;
    expect(google.GatewayListModelsResponse).toBeUndefined();
    expect(google.GatewayModel).toBeUndefined();
    expect(google.Model).toBeDefined();
    expect(selfhosted.GoogleListModelsResponse).toBeUndefined();
    expect(selfhosted.Model).toBeUndefined();
    expect(selfhosted.ListModelsResponse.$ref).toBe("#/components/schemas/GatewayListModelsResponse");
    expect(google.ListModelsResponse.$ref).toBe("#/components/schemas/GoogleListModelsResponse");
  });

  test("only providers that serve the list or a model lookup carry its schemas", () => {
    for (const id of ["tikhub", "kkiai", "serevixai"]) {
      const { doc } = bundle(id);
      expect(doc.components.schemas.ListModelsResponse, id).toBeUndefined();
      expect(doc.paths["/v1beta/models"], id).toBeUndefined();
    }
  });
});
