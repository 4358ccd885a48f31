// Adding a provider must mean adding one root document and its examples, nothing else: this test adds one
// to a copy of spec/ and builds it with the unchanged scripts and plugin.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { expect, test } from "vitest";
import { measureCoverage } from "../../scripts/lib/coverage.ts";
import { repoRoot, specDir } from "../../scripts/lib/providers.ts";
import { createValidators } from "../../src/validate.ts";

test("a new provider folder with a root and one example builds into a complete bundle", async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-newprovider-"));
  const spec = path.join(work, "spec");
  fs.cpSync(specDir, spec, { recursive: true });
  const root = YAML.parse(fs.readFileSync(path.join(spec, "providers", "tikhub", "openapi.yaml"), "utf8"));
  root.info.title = "Acme relay — Gemini generateContent";
  root.servers = [{ url: "https://relay.acme.test/gemini", description: "Acme's relay." }];
  root["x-gemini-provider"] = { ...root["x-gemini-provider"], id: "acme", name: "Acme", errorShapes: ["google"] };
  const dir = path.join(spec, "providers", "acme");
  fs.mkdirSync(path.join(dir, "examples", "generateContent", "request"), { recursive: true });
  fs.writeFileSync(path.join(dir, "openapi.yaml"), YAML.stringify(root));
  fs.writeFileSync(path.join(dir, "examples", "generateContent", "request", "acme-docs.yaml"),
    YAML.stringify({ summary: "Acme's documented request", value: { contents: [{ role: "user", parts: [{ text: "ping" }] }] } }));

  const out = path.join(work, "generated");
  const log = execFileSync(process.execPath, ["--import", "tsx", "scripts/build-spec.ts", "--spec", spec, "--out", out],
    { cwd: repoRoot, encoding: "utf8" });
  expect(log).toContain("bundled acme");

  const doc = JSON.parse(fs.readFileSync(path.join(out, "acme", "openapi.json"), "utf8"));
  expect(doc.servers[0].url).toBe("https://relay.acme.test/gemini");
  const op = doc.paths["/v1beta/models/{model}:generateContent"].post;
  const examples = op.requestBody.content["application/json"].examples;
  expect(Object.keys(examples).slice(0, 2)).toEqual(["basic-text", "acme-docs"]);
  expect(Object.keys(examples)).toContain("basic-text");
  expect(doc.paths["/v1beta/models/{model}:streamGenerateContent"].post.operationId).toBe("streamGenerateContent");
  // Only Google's error shape was declared, so the gateway shape is gone from the bundle.
  expect(doc.components.schemas.GatewayErrorResponse).toBeUndefined();
  expect(JSON.stringify(doc)).not.toContain("x-error-shape\":\"gateway");
  expect(fs.existsSync(path.join(out, "acme", "openapi.wire.json"))).toBe(true);
  const coverage = measureCoverage(doc);
  expect(coverage.fields.missing).toEqual([]);
  const validate = createValidators(doc).requestBody("generateContent");
  expect(validate(examples["acme-docs"].value)).toBe(true);
  // The client needs no change either: its per-provider table is generated from the bundles.
  const { providers } = await import(path.join(out, "providers.ts"));
  expect(providers.acme).toEqual({
    baseUrl: "https://relay.acme.test/gemini", auth: [["header", "x-goog-api-key", ""]], headers: {},
    operations: ["generateContent", "streamGenerateContent"],
  });
  expect(fs.readFileSync(path.join(out, "providers.ts"), "utf8")).toMatch(/"acme": AcmePaths;/);
  fs.rmSync(work, { recursive: true, force: true });
});
