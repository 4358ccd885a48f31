// The breaking-change gate: the current bundles against the last release (so a pull request that breaks
// consumers fails CI), each kind of break caught on a deliberately changed copy of a bundle, additions let
// through, and a breaking version bump letting a break through.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { breakingChanges, type ChangeKind } from "../../scripts/lib/breaking/diff.ts";
import { isBreakingBump, releasedBundle, releasedVersions } from "../../scripts/lib/breaking/releases.ts";
import { bundlePaths, readJson, repoRoot } from "../../scripts/lib/providers.ts";
import { providers } from "../helpers/bundles.ts";

const base = readJson(bundlePaths("google").json);
const S = (doc: any) => doc.components.schemas;
const changed = (edit: (doc: any) => void) => {
  const doc = structuredClone(base);
  edit(doc);
  return breakingChanges(base, doc).map((c) => `${c.kind} ${c.at}`);
};
const closedRequestEnum = () => S(base).SafetySetting.properties.category.enum as string[];

const gate = (args: string[]) => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/check-breaking.ts", ...args], { cwd: repoRoot, encoding: "utf8" });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
};

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("breaking-change gate", () => {
  test("the current bundles break nothing since the last release (or package.json's version allows it)", () => {
    const last = releasedVersions().at(-1);
    expect(last, "releases/ holds no release").toBeDefined();
    const { status, out } = gate([]);
    expect(status, out).toBe(0);
  });

  test("an unchanged bundle has no breaking change", () => {
    expect(breakingChanges(base, structuredClone(base))).toEqual([]);
  });

  test.each<[ChangeKind, string, (doc: any) => void, string]>([
    ["removed-operation", "an operation removed", (d) => delete d.paths["/v1beta/models/{model}:streamGenerateContent"], "streamGenerateContent"],
    ["removed-field", "a field removed (sent and received)", (d) => delete S(d).Part.properties.text, "request: Part.text"],
    ["removed-field", "a response-only field removed", (d) => delete S(d).Candidate.properties.finishReason, "response: Candidate.finishReason"],
    ["newly-required", "an optional request field made required", (d) => (S(d).GenerationConfig.required = ["temperature"]), "request: GenerationConfig.temperature"],
    ["newly-required", "a new required request field", (d) => { S(d).GenerationConfig.properties.mandatory = { type: "string" }; S(d).GenerationConfig.required = ["mandatory"]; }, "request: GenerationConfig.mandatory"],
    ["narrowed-type", "a request number narrowed to integer", (d) => (S(d).GenerationConfig.properties.temperature.type = "integer"), "request: GenerationConfig.temperature"],
    ["narrowed-type", "a free request string limited to an enum", (d) => (S(d).FunctionDeclaration.properties.name.enum = ["only_this"]), "request: FunctionDeclaration.name"],
    ["widened-type", "a response integer that may now be a string", (d) => (S(d).UsageMetadata.properties.promptTokenCount.type = ["integer", "string"]), "response: UsageMetadata.promptTokenCount"],
    ["removed-enum-value", "a request enum value removed", (d) => S(d).SafetySetting.properties.category.enum.pop(), "request: SafetySetting.category"],
    ["no-longer-required", "a response field no longer guaranteed", (d) => (S(d).Status.required = ["message"]), "response: Status.code"],
    ["removed-parameter", "a parameter removed", (d) => { for (const item of Object.values<any>(d.paths)) item.parameters = []; }, "generateContent path model"],
    ["removed-media-type", "the JSON form of the stream removed", (d) => delete d.paths["/v1beta/models/{model}:streamGenerateContent"].post.responses["200"].content["application/json"], "streamGenerateContent 200"],
    ["removed-auth", "an accepted credential removed", (d) => (d.security = d.security.slice(1)), "security"],
  ])("%s is caught: %s", (kind, _label, edit, at) => {
    const found = changed(edit);
    expect(found.some((c) => c.startsWith(`${kind} ${at}`)), found.join("\n")).toBe(true);
  });

  test("additions a consumer can ignore pass: new optional fields, new request enum values, new operations, new open-enum values", () => {
    expect(closedRequestEnum().length).toBeGreaterThan(3);
    expect(changed((d) => {
      S(d).GenerationConfig.properties.brandNewSetting = { type: "string", description: "new" };
      S(d).Candidate.properties.brandNewField = { type: "integer", description: "new" };
      S(d).SafetySetting.properties.category.enum.push("HARM_CATEGORY_NEW");
      S(d).Candidate.properties.finishReason.anyOf[0].enum.push("NEW_REASON");
      d.paths["/v1beta/models/{model}:brandNewMethod"] = structuredClone(d.paths["/v1beta/models/{model}:generateContent"]);
      d.paths["/v1beta/models/{model}:brandNewMethod"].post.operationId = "brandNewMethod";
      S(d).Status.required = ["code", "message", "status"];
    })).toEqual([]);
  });

  test("semver: a new major (or a new minor below 1.0.0) is a breaking bump; a patch or minor is not", () => {
    expect(isBreakingBump("0.1.0", "1.0.0")).toBe(true);
    expect(isBreakingBump("0.1.0", "0.2.0")).toBe(true);
    expect(isBreakingBump("0.1.0", "0.1.1")).toBe(false);
    expect(isBreakingBump("1.4.2", "2.0.0")).toBe(true);
    expect(isBreakingBump("1.4.2", "1.5.0")).toBe(false);
    expect(isBreakingBump("1.4.2", "1.4.2")).toBe(false);
  });

  test("the script fails on a broken copy of the bundles unless the version is a breaking bump", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-breaking-"));
    scratch.push(dir);
    const releases = path.join(dir, "releases");
    const generated = path.join(dir, "generated");
    for (const id of providers) {
      fs.mkdirSync(path.join(releases, "0.1.0", id), { recursive: true });
      fs.copyFileSync(bundlePaths(id).json, releasedBundle("0.1.0", id, releases));
      fs.mkdirSync(path.join(generated, id), { recursive: true });
      fs.copyFileSync(bundlePaths(id).json, path.join(generated, id, "openapi.json"));
    }
    const args = (version: string) => ["--releases", releases, "--generated", generated, "--version", version];
    expect(gate(args("0.1.0")).status).toBe(0);

    const broken = readJson(path.join(generated, "tikhub", "openapi.json"));
    delete S(broken).Part.properties.inlineData;
    fs.writeFileSync(path.join(generated, "tikhub", "openapi.json"), JSON.stringify(broken));
    const failed = gate(args("0.1.1"));
    expect(failed.status, failed.out).toBe(1);
    expect(failed.out).toContain("tikhub: removed-field at request: Part.inlineData");
    expect(failed.out).not.toMatch(/^google:/m);

    const bumped = gate(args("1.0.0"));
    expect(bumped.status, bumped.out).toBe(0);
    expect(bumped.out).toMatch(/allowed: 1\.0\.0 is a breaking version bump/);

    fs.rmSync(path.join(generated, "kkiai"), { recursive: true });
    const removed = gate(args("0.1.1"));
    expect(removed.status).toBe(1);
    expect(removed.out).toContain("kkiai: removed-provider at *");
  });
});
