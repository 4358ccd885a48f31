// `npm run codegen` end to end: Python and Go models generated from the bundles compile and parse every
// recorded response and documented example without losing data; and the harnesses do catch a bad value.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { repoRoot } from "../../scripts/lib/providers.ts";
import { corpusRecords, providers } from "../helpers/bundles.ts";

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

  test("the harnesses fail on a value the models cannot hold: wrong type, missing required field, unknown field", () => {
    expect(status, log).toBe(0);
    const dir = path.join(out, groups()[0]);
    const bad = path.join(out, "bad-samples.json");
    fs.writeFileSync(bad, JSON.stringify([
      { id: "wrong-type", type: "GenerateContentResponse", value: { candidates: "not a list" } },
      { id: "missing-required", type: "ErrorResponse", value: { error: { message: "no code" } } },
      { id: "unknown-field", type: "GenerateContentResponse", value: { candidates: [{ index: 0, notInTheSpec: 1 }] } },
      { id: "fine", type: "GenerateContentResponse", value: { candidates: [{ index: 0, finishReason: "STOP" }] } },
    ]));
    for (const [label, file, args, cwd] of [
      ["python", "python3", ["harness.py", bad], path.join(dir, "python")],
      ["go", path.join(dir, "go", "harness"), [bad], path.join(dir, "go")],
    ] as const) {
      const run = spawnSync(file, [...args], { cwd, encoding: "utf8" });
      expect(run.status, label).toBe(1);
      for (const id of ["wrong-type", "missing-required", "unknown-field"]) expect(run.stdout, label).toContain(`${id}: `);
      expect(run.stdout, label).not.toContain("fine: ");
      expect(run.stdout, label).toContain(`${label}: 1/4 samples parsed without loss`);
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
