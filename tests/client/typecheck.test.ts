// The types as a user meets them: fixtures/usage.ts must compile, and each `@ts-expect-error` line in it must be a
// real type error (tsc reports an unused @ts-expect-error), so wrong usage stays caught.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../../scripts/lib/providers.ts";

const fixtures = path.join(repoRoot, "tests", "client", "fixtures");
const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");

function compile(project: string): string {
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: repoRoot, encoding: "utf8" });
    return "";
  } catch (error: any) {
    return String(error.stdout);
  }
}

test("right usage compiles and every wrong usage is a type error", () => {
  const source = fs.readFileSync(path.join(fixtures, "usage.ts"), "utf8");
  const expected = source.split("\n").filter((line) => line.includes("@ts-expect-error")).length;
  expect(expected).toBeGreaterThanOrEqual(10);
  expect(compile(path.join(fixtures, "tsconfig.json"))).toBe("");

  // Without the markers, each wrong line must fail on its own.
  const bare = path.join(fixtures, "usage.unmarked.ts");
  fs.writeFileSync(bare, source.replace(/^\s*\/\/ @ts-expect-error.*\n/gm, ""));
  const project = path.join(fixtures, "tsconfig.unmarked.json");
  fs.writeFileSync(project, JSON.stringify({ extends: "../../../tsconfig.json", include: ["usage.unmarked.ts"] }));
  try {
    const errors = compile(project).split("\n").filter((line) => line.includes("usage.unmarked.ts(") && line.includes("error TS"));
    const lines = new Set(errors.map((line) => line.match(/\((\d+),/)![1]));
    expect(lines.size, errors.join("\n")).toBe(expected);
  } finally {
    fs.rmSync(bare, { force: true });
    fs.rmSync(project, { force: true });
  }
}, 120_000);
