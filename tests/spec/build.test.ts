import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { bundlePaths, generatedDir, repoRoot } from "../../scripts/lib/providers.ts";
import { lintCounts, redocly } from "../../scripts/lib/redocly.ts";
import { providers } from "../helpers/bundles.ts";

describe("build", () => {
  test("every provider root lints with 0 errors and 0 warnings", async () => {
    const out = await redocly(["lint"]);
    expect(lintCounts(out)).toEqual({ errors: "0", warnings: "0", valid: true });
    for (const id of providers) expect(out).toContain(`spec/providers/${id}/openapi.yaml`);
  });

  test("every generated bundle, canonical and wire, lints with 0 errors and 0 warnings", async () => {
    const files = providers.flatMap((id) => [bundlePaths(id).yaml, bundlePaths(id).wire]);
    const out = await redocly(["lint", ...files]);
    expect(lintCounts(out)).toEqual({ errors: "0", warnings: "0", valid: true });
  });

  test("generated/ is exactly what scripts/build-spec.ts produces from spec/", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-fresh-"));
    execFileSync(process.execPath, ["--import", "tsx", "scripts/build-spec.ts", "--out", out, "--no-lint"], { cwd: repoRoot });
    for (const id of providers) {
      const files = fs.readdirSync(path.join(out, id)).sort();
      expect(fs.readdirSync(path.join(generatedDir, id)).sort(), `generated/${id}/ holds other files than the build writes`).toEqual(files);
      for (const file of files) {
        const fresh = fs.readFileSync(path.join(out, id, file), "utf8");
        const committed = fs.readFileSync(path.join(generatedDir, id, file), "utf8");
        expect(committed, `generated/${id}/${file} is stale: run npm run build`).toBe(fresh);
      }
    }
    const table = "providers.ts";
    expect(fs.readFileSync(path.join(generatedDir, table), "utf8"), `generated/${table} is stale: run npm run build`)
      .toBe(fs.readFileSync(path.join(out, table), "utf8"));
    const extra = fs.readdirSync(generatedDir).filter((d) => !providers.includes(d) && fs.statSync(path.join(generatedDir, d)).isDirectory());
    expect(extra, "generated/ holds folders of providers that no longer exist").toEqual([]);
    fs.rmSync(out, { recursive: true, force: true });
  });
});
