// No key-like string may be committed: spec examples, seeds copied into examples, generated bundles and
// recorded cassettes (tests/fixtures/recorded) included.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { KEY_PATTERNS } from "../../src/contract/key-patterns.ts";
import { repoRoot } from "../../scripts/lib/providers.ts";

test("no tracked or new file holds a key-like string", () => {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" })
    .split("\n").filter(Boolean).filter((f) => f !== "package-lock.json" && fs.existsSync(path.join(repoRoot, f)));
  expect(files.length).toBeGreaterThan(50);
  const hits: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(repoRoot, file), "utf8");
    for (const [kind, pattern] of KEY_PATTERNS) if (pattern.test(text)) hits.push(`${file}: ${kind}`);
  }
  expect(hits).toEqual([]);
});

test("the scan recognises the key shapes it looks for", () => {
  const samples = ["AIza" + "Sy".padEnd(35, "x"), "sk-" + "a".repeat(40), "Bearer " + "t".repeat(30)];
  for (const sample of samples) expect(KEY_PATTERNS.some(([, p]) => p.test(sample)), sample).toBe(true);
});
