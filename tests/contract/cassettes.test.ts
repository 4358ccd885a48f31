// The committed cassettes: one shape for all, reproducible from their sources in this repository, and every one
// valid against its provider's bundle by operation and status (requests against the wire bundle).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { cassetteSchema, cassetteText, readCassettes, recordedDir } from "../../src/contract/cassette.ts";
import { checkCassette } from "../../src/contract/check-cassette.ts";
import { providerContext } from "../../src/contract/context.ts";
import { writeDriftReport } from "../../src/contract/drift.ts";
import { buildCassettes } from "../../scripts/lib/contract/import.ts";
import { providers } from "../helpers/bundles.ts";

const all = readCassettes(recordedDir);
const validShape = new Ajv2020({ strict: false, allErrors: true }).compile(cassetteSchema);

test("every provider has cassettes, each in the one cassette shape and filed under its provider", () => {
  for (const id of providers) expect(all.filter((c) => c.cassette.provider === id).length, id).toBeGreaterThan(3);
  for (const { file, cassette } of all) {
    expect(validShape(cassette), `${file}: ${JSON.stringify(validShape.errors)}`).toBe(true);
    expect(file.split(path.sep)[0], file).toBe(cassette.provider);
  }
  const sources = new Set(all.map((c) => c.cassette.source));
  expect([...sources].sort()).toEqual(["documented-example", "recorded", "upstream-recording"]);
});

test("imported cassettes are exactly what scripts/import-cassettes.ts builds from the corpus and the spec", () => {
  const built = buildCassettes();
  const onDisk = all.filter(({ file }) => !path.basename(file).startsWith("live-"));
  expect(onDisk.map((c) => c.file.replace(/\.json$/, "")).sort()).toEqual([...built.keys()].sort());
  for (const { file } of onDisk) {
    const expected = cassetteText(built.get(file.replace(/\.json$/, ""))!);
    expect(fs.readFileSync(path.join(recordedDir, file), "utf8"), `${file} is stale: run npm run contract:import`).toBe(expected);
  }
});

describe.each(providers)("cassettes of %s", (id) => {
  const ctx = providerContext(id);
  const mine = all.filter((c) => c.cassette.provider === id);

  test.each(mine.map((c) => [c.file, c] as const))("%s conforms", (_file, { file, cassette }) => {
    const result = checkCassette(ctx, file, cassette);
    expect(result.rows.length).toBeGreaterThanOrEqual(3);
    expect(result.rows.filter((r) => r.verdict === "fail")).toEqual([]);
  });

  test("the drift pass over them writes its report", () => {
    const results = mine.map(({ file, cassette }) => checkCassette(ctx, file, cassette));
    const drift = results.flatMap((r) => r.drift);
    const payloads = results.reduce((n, r) => n + r.payloads.length, 0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
    const report = writeDriftReport(id, `${mine.length} cassettes`, payloads, drift, { dir });
    const json = JSON.parse(fs.readFileSync(report.json, "utf8"));
    expect(json.payloadsChecked).toBe(payloads);
    expect(payloads).toBeGreaterThan(mine.length);
    console.log(`${id}: drift over ${mine.length} cassettes, ${payloads} payloads: ${json.findings.length} finding(s)`);
    expect(fs.readFileSync(report.md, "utf8")).toContain(`# Drift report: ${id}`);
    fs.rmSync(dir, { recursive: true });
  });
});
