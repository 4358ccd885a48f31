// `npm run codegen` end to end: Python and Go models generated from the bundles (the request and response of
// every operation a provider serves) compile and parse every recorded response of a served operation and every
// documented example without losing data; and the harnesses do catch a bad value.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { corpusOperation } from "../../scripts/lib/corpus.ts";
import type { CodegenRoots } from "../../scripts/lib/codegen/schema.ts";
import { repoRoot } from "../../scripts/lib/providers.ts";
import { bundle, corpusRecords, providers } from "../helpers/bundles.ts";

let out = "";
let log = "";
let status: number | null = null;

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-codegen-"));
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/codegen.ts", "--out", out], { cwd: repoRoot, encoding: "utf8" });
  status = run.status;
  log = `${run.stdout}${run.stderr}`;
});

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const groups = () => fs.readdirSync(out).filter((d) => fs.statSync(path.join(out, d)).isDirectory());
const read = (group: string, file: string) => JSON.parse(fs.readFileSync(path.join(out, group, file), "utf8"));
const samplesOf = (group: string): Array<{ id: string; type: string }> => read(group, "samples.json");
const operationsOf = (id: string) => Object.values<any>(bundle(id).doc.paths).flatMap((item) =>
  ["get", "put", "post", "delete", "patch"].filter((m) => item[m]).map((m) => item[m]));

describe("codegen", () => {
  test("Python and Go models of every provider compile and parse every sample without loss", () => {
    expect(status, log).toBe(0);
    const covered = groups().flatMap((g) => g.split("+")).sort();
    expect(covered).toEqual([...providers].sort());
    const results = [...log.matchAll(/^\s*(python|go): (\d+)\/(\d+) samples parsed without loss$/gm)];
    expect(results.map((m) => m[1]).sort()).toEqual(groups().flatMap(() => ["go", "python"]).sort());
    for (const [, , ok, total] of results) {
      expect(ok).toBe(total);
      // at least one sample per recorded exchange of the corpus (stream records give one per frame)
      expect(Number(total)).toBeGreaterThan(corpusRecords().length);
    }
  });

  test("each group's models cover the request and the answer of every operation its providers serve, and each is parsed", () => {
    expect(status, log).toBe(0);
    for (const group of groups()) {
      const ids = group.split("+");
      const roots: CodegenRoots = read(group, "roots.json");
      // the operations of every provider of the group, and their schemas
      for (const id of ids) {
        const served = operationsOf(id);
        expect(Object.keys(roots.operations).sort(), id).toEqual(served.map((op) => op.operationId).sort());
        for (const op of served) {
          const request = op.requestBody?.content["application/json"].schema.$ref;
          expect(roots.operations[op.operationId].request, `${id} ${op.operationId}`).toBe(request?.split("/").pop());
        }
      }
      const samples = samplesOf(group);
      const types = new Set(samples.map((s) => s.type));
      for (const [operationId, { request, response }] of Object.entries(roots.operations)) {
        for (const type of [request, response].filter(Boolean)) expect(types.has(type!), `${group}: a ${type} sample (${operationId})`).toBe(true);
        for (const id of ids) {
          expect(samples.some((s) => s.id.startsWith(`example/${id}/${operationId}/200/`)), `${id} ${operationId}: its 200 examples`).toBe(true);
          if (request) expect(samples.some((s) => s.id.startsWith(`example/${id}/${operationId}/request/`)), `${id} ${operationId}: its request examples`).toBe(true);
        }
      }
      expect(types.has(roots.error), `${group}: an ${roots.error} sample`).toBe(true);
      expect([...types].every((t) => t === roots.error || Object.values(roots.operations).some((o) => o.request === t || o.response === t))).toBe(true);
    }
  });

  test("every recorded response of an operation a group serves is parsed; Google's models parse them all", () => {
    expect(status, log).toBe(0);
    const records = corpusRecords();
    expect(records.map(({ record }) => corpusOperation(record))).toEqual(expect.arrayContaining(["listModels", "batchEmbedContents"]));
    for (const group of groups()) {
      const roots: CodegenRoots = read(group, "roots.json");
      const parsed = new Set(samplesOf(group).filter((s) => s.id.startsWith("corpus/")).map((s) => s.id.split(" ")[0]));
      for (const { id, record } of records) {
        const served = corpusOperation(record) in roots.operations;
        expect(parsed.has(`corpus/${id}`), `${group}: corpus/${id} (${corpusOperation(record)})`).toBe(served);
      }
    }
    const google = groups().find((g) => g.split("+").includes("google"))!;
    expect(samplesOf(google).filter((s) => s.id.startsWith("corpus/")).map((s) => s.id.split(" ")[0]))
      .toEqual(expect.arrayContaining(records.map(({ id }) => `corpus/${id}`)));
  });

  test("the harnesses fail on a value the models cannot hold: wrong type, missing required field, unknown field, unknown model", () => {
    expect(status, log).toBe(0);
    const dir = path.join(out, groups().find((g) => g.split("+").includes("google"))!);
    const bad = path.join(out, "bad-samples.json");
    fs.writeFileSync(bad, JSON.stringify([
      { id: "wrong-type", type: "GenerateContentResponse", value: { candidates: "not a list" } },
      { id: "missing-required", type: "ErrorResponse", value: { error: { message: "no code" } } },
      { id: "unknown-field", type: "GenerateContentResponse", value: { candidates: [{ index: 0, notInTheSpec: 1 }] } },
      { id: "wrong-embedding", type: "EmbedContentResponse", value: { embedding: { values: ["not a number"] } } },
      { id: "unknown-model-field", type: "Model", value: { name: "models/x", version: "1", notInTheSpec: true } },
      { id: "unknown-type", type: "NoSuchModel", value: {} },
      { id: "fine", type: "GenerateContentResponse", value: { candidates: [{ index: 0, finishReason: "STOP" }] } },
    ]));
    for (const [label, file, args, cwd] of [
      ["python", "python3", ["harness.py", bad], path.join(dir, "python")],
      ["go", path.join(dir, "go", "harness"), [bad], path.join(dir, "go")],
    ] as const) {
      const run = spawnSync(file, [...args], { cwd, encoding: "utf8" });
      expect(run.status, label).toBe(1);
      for (const id of ["wrong-type", "missing-required", "unknown-field", "wrong-embedding", "unknown-model-field"]) expect(run.stdout, label).toContain(`${id}: `);
      expect(run.stdout, label).toMatch(/^unknown-type: .*no model NoSuchModel$/m);
      expect(run.stdout, label).not.toContain("fine: ");
      expect(run.stdout, label).toContain(`${label}: 1/7 samples parsed without loss`);
    }
  });

  test("the generated Go builds offline with no modules beyond the standard library", () => {
    expect(status, log).toBe(0);
    const mod = fs.readFileSync(path.join(out, groups()[0], "go", "go.mod"), "utf8");
    expect(mod).not.toMatch(/require/);
    const imports = execFileSync("go", ["list", "-f", "{{join .Imports \" \"}}", "."], { cwd: path.join(out, groups()[0], "go"), encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off" } });
    expect(imports.trim().split(" ").every((p) => !p.includes("."))).toBe(true);
  });
});
