import { describe, expect, test } from "vitest";
import { loadFieldTrees, measureCoverage, servedOperations, servedRoots } from "../../scripts/lib/coverage.ts";
import { bundle, providers } from "../helpers/bundles.ts";

const trees = loadFieldTrees();

describe.each(providers)("%s coverage of Google's field inventory", (id) => {
  const { doc } = bundle(id);
  const coverage = measureCoverage(doc, trees);
  const served = servedOperations(doc);

  test("describes every field path, enum value and required field of the roots it serves", () => {
    expect(coverage.fields.missing).toEqual([]);
    expect(coverage.enums.missing).toEqual([]);
    expect(coverage.required.missing).toEqual([]);
    for (const part of [coverage.fields, coverage.enums, coverage.required]) expect(part.covered).toBe(part.total);
  });

  test("is measured against exactly the trees and roots of the operations it serves", () => {
    const expected = trees.map((t) => ({ file: t.file, roots: servedRoots(t, served) })).filter((t) => t.roots.length);
    expect(coverage.trees.map((t) => ({ file: t.file, roots: t.roots }))).toEqual(expected);
    for (const t of coverage.trees) {
      const tree = trees.find((x) => x.file === t.file)!.tree;
      const paths = tree.fields.filter((f: any) => t.roots.includes(f.path.split(".")[0]));
      expect(t.fields.total, t.file).toBe(paths.length);
    }
    // every provider generates; the generate tree alone has 550 paths, 205 enum values and 27 required fields
    expect(coverage.trees[0]).toMatchObject({ file: "generate-content-field-tree.json" });
    expect([coverage.trees[0].fields.total, coverage.trees[0].enums.total, coverage.trees[0].required.total]).toEqual([550, 205, 27]);
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
    const c = measureCoverage(broken, trees);
    expect(c.fields.missing).toContain("GenerateContentRequest.contents[].parts[].thoughtSignature");
    expect(c.fields.missing).toContain("GenerateContentResponse.usageMetadata.promptTokenCount");
    expect(c.enums.missing).toContain("SafetySetting.threshold=BLOCK_NONE");
    // Part is shared: the embedding and token-counting trees see the same gap
    expect(c.fields.missing).toContain("BatchEmbedContentsRequest.requests[].content.parts[].thoughtSignature");
    expect(c.fields.missing).toContain("CountTokensRequest.generateContentRequest.contents[].parts[].thoughtSignature");
  });

  test("measures the new operations' schemas: a field, an enum value, a required field", () => {
    const broken = structuredClone(doc);
    delete broken.components.schemas.ContentEmbedding.properties.values;
    broken.components.schemas.TaskType.enum = broken.components.schemas.TaskType.enum.filter((v: string) => v !== "CLUSTERING");
    delete broken.components.schemas.BatchEmbedContentsRequest.required;
    broken.components.schemas.Model.properties.inputTokenLimit = { type: "string", description: "wrong" };
    const c = measureCoverage(broken, trees);
    expect(c.fields.missing).toContain("EmbedContentResponse.embedding.values[]");
    expect(c.fields.missing).toContain("BatchEmbedContentsResponse.embeddings[].values[]");
    expect(c.enums.missing).toContain("EmbedContentConfig.taskType=CLUSTERING");
    expect(c.enums.missing).toContain("EmbedContentRequest.taskType=CLUSTERING");
    expect(c.required.missing).toContain("BatchEmbedContentsRequest.requests");
    expect(c.fields.missing).toContain("Model.inputTokenLimit");
    expect(c.fields.missing).toContain("ListModelsResponse.models[].inputTokenLimit");
  });

  test("does not ask a provider for the roots of operations it does not serve", () => {
    const withoutList = structuredClone(doc);
    delete withoutList.paths["/v1beta/models"];
    const c = measureCoverage(withoutList, trees);
    expect(c.trees.find((t) => t.file === "models-field-tree.json")?.roots).toEqual(["Model"]);
    expect(c.fields.missing).toEqual([]);
  });
});
