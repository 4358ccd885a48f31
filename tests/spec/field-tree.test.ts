// The field trees in reference/google/ are derived from Google's discovery document by scripts/lib/field-tree.ts
// (npm run reference:fields). The derivation must reproduce the generateContent tree that came with the
// project byte for byte, and every committed tree must be what it gives today.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { DISCOVERY_FILE, FIELD_TREES, deriveFieldTree, fieldTreeText } from "../../scripts/lib/field-tree.ts";
import { repoRoot } from "../../scripts/lib/providers.ts";

const dir = path.join(repoRoot, "reference", "google");
const text = fs.readFileSync(path.join(dir, DISCOVERY_FILE), "utf8");
const discovery = JSON.parse(text);
const derive = (roots: string[]) => deriveFieldTree(discovery, roots, { file: DISCOVERY_FILE, text });

describe("field trees", () => {
  test("the derivation reproduces the original generateContent tree exactly", () => {
    const original = fs.readFileSync(path.join(dir, "generate-content-field-tree.json"), "utf8");
    expect(fieldTreeText(derive(["GenerateContentRequest", "GenerateContentResponse"]))).toBe(original);
    // the counts the project has always quoted
    const counts = JSON.parse(original).counts;
    expect([counts.reachableSchemas, counts.reachableFieldDefinitions, counts.expandedFieldPaths, counts.enumValuesTotal, counts.requiredFieldDefinitions])
      .toEqual([87, 315, 550, 205, 27]);
  });

  test.each(FIELD_TREES.map((t) => [t.file, t] as const))("%s is what the derivation gives", (file, t) => {
    const committed = fs.readFileSync(path.join(dir, file), "utf8");
    expect(committed).toBe(fieldTreeText(derive(Object.keys(t.roots))));
    const tree = JSON.parse(committed);
    expect(tree.meta.roots).toEqual(Object.keys(t.roots));
    expect(tree.meta.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    for (const field of tree.fields) expect(Object.keys(t.roots)).toContain(field.path.split(".")[0]);
  });

  test("the new trees reach what the operations send and receive", () => {
    const paths = new Set(FIELD_TREES.flatMap((t) => JSON.parse(fs.readFileSync(path.join(dir, t.file), "utf8")).fields.map((f: any) => f.path)));
    for (const p of [
      "CountTokensRequest.generateContentRequest.contents[].parts[].text",
      "CountTokensResponse.promptTokensDetails[].modality",
      "EmbedContentRequest.embedContentConfig.taskType",
      "BatchEmbedContentsRequest.requests[].outputDimensionality",
      "BatchEmbedContentsResponse.embeddings[].values[]",
      "ListModelsResponse.models[].supportedGenerationMethods[]",
      "ListModelsResponse.nextPageToken",
      "Model.inputTokenLimit",
    ]) expect(paths, p).toContain(p);
  });
});

describe("the derivation's rules", () => {
  const doc = {
    id: "test:v1", revision: "1", title: "t", rootUrl: "r", servicePath: "", resources: { a: { methods: { m: {} } } },
    schemas: {
      Root: {
        properties: {
          node: { $ref: "Node", description: "Required. Output only. The node. More text." },
          tags: { type: "object", additionalProperties: { type: "string", format: "int64" } },
          kind: { type: "array", items: { type: "string", enum: ["A", "B"] }, description: "Optional. Kinds" },
        },
      },
      Node: { properties: { children: { type: "array", items: { $ref: "Node" } }, root: { $ref: "Root" }, camelCaseName: { type: "boolean" } } },
    },
  };
  const tree = deriveFieldTree(doc, ["Root"], { file: "x.json", text: "{}" });
  const byPath = Object.fromEntries(tree.fields.map((f: any) => [f.path, f]));

  test("paths use [] for list elements and {} for map values; recursion stops at a schema already on the chain", () => {
    expect(Object.keys(byPath)).toEqual(["Root.node", "Root.node.children[]", "Root.node.root", "Root.node.camelCaseName", "Root.tags{}", "Root.kind[]"]);
    expect(byPath["Root.node.children[]"].recursionCut).toBe(true);
    expect(byPath["Root.node.root"].recursionCut).toBe(true);
    expect(tree.recursionCuts).toEqual(["Root.node.children[]", "Root.node.root"]);
  });

  test("behaviours come from the description's leading sentences, the doc from the next one", () => {
    expect(byPath["Root.node"]).toMatchObject({ behavior: ["Required", "Output only"], doc: "The node." });
    expect(tree.requiredFields).toEqual(["Root.node"]);
    expect(byPath["Root.kind[]"]).toMatchObject({ behavior: ["Optional"], doc: "Kinds", enum: ["A", "B"], repeated: true, jsonType: "string" });
    expect(byPath["Root.tags{}"]).toMatchObject({ type: "map<string,string(int64)>", jsonType: "string", format: "int64", map: true });
    expect(byPath["Root.node.camelCaseName"].protoName).toBe("camel_case_name");
  });
});
