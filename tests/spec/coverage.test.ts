import { describe, expect, test } from "vitest";
import { measureCoverage } from "../../scripts/lib/coverage.ts";
import { bundle, providers } from "../helpers/bundles.ts";

describe.each(providers)("%s coverage of Google's field inventory", (id) => {
  const coverage = measureCoverage(bundle(id).doc);

  test("describes all 550 field paths, 205 enum values and 27 required fields", () => {
    expect(coverage.fields).toMatchObject({ total: 550, covered: 550, missing: [] });
    expect(coverage.enums).toMatchObject({ total: 205, covered: 205, missing: [] });
    expect(coverage.required).toMatchObject({ total: 27, covered: 27, missing: [] });
  });

  test("every exclusion it relies on has a reason", () => {
    for (const e of coverage.excused) expect(e.reason.trim().length, e.item).toBeGreaterThan(40);
  });
});

describe("the coverage measure", () => {
  const doc = bundle("google").doc;
  test("notices a missing field, a wrong type and a missing enum value", () => {
    const broken = structuredClone(doc);
    delete broken.components.schemas.Part.properties.thoughtSignature;
    broken.components.schemas.UsageMetadata.properties.promptTokenCount = { type: "string", description: "wrong" };
    broken.components.schemas.SafetySetting.properties.threshold.enum =
      broken.components.schemas.SafetySetting.properties.threshold.enum.filter((v: string) => v !== "BLOCK_NONE");
    const c = measureCoverage(broken);
    expect(c.fields.missing).toContain("GenerateContentRequest.contents[].parts[].thoughtSignature");
    expect(c.fields.missing).toContain("GenerateContentResponse.usageMetadata.promptTokenCount");
    expect(c.enums.missing).toContain("SafetySetting.threshold=BLOCK_NONE");
  });
});
