// The repository stands alone: a clone has nothing beside it. No tracked file names a folder beside the
// repository, and the set-up guard (tests/helpers/stay-inside.ts) notices a read there in any test file.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../../scripts/lib/providers.ts";
import { outsideReads } from "../helpers/stay-inside.ts";

test("no tracked file reads from a folder beside the repository", () => {
  const pattern = String.raw`\.\./shared|["']\.\.["'], *["']shared["']`;
  let hits = "";
  try {
    hits = execFileSync("git", ["grep", "-n", "-E", pattern, "--", ".", ":!CHANGELOG.md"], { cwd: repoRoot, encoding: "utf8" });
  } catch (error: any) {
    if (error.status !== 1) throw error; // 1: no match
  }
  // This file names the pattern it looks for, nothing else may.
  expect(hits.split("\n").filter((line) => line && !line.startsWith("tests/spec/stands-alone.test.ts:"))).toEqual([]);
});

test("a read beside the repository is caught by the guard every test file runs under", () => {
  const beside = path.join(path.dirname(repoRoot), "shared", "reference");
  fs.existsSync(beside);
  expect(outsideReads.has(path.resolve(beside))).toBe(true);
  outsideReads.delete(path.resolve(beside));
  const inside = path.join(repoRoot, "reference", "README.md");
  fs.readFileSync(inside);
  expect(outsideReads.has(inside)).toBe(false);
});
