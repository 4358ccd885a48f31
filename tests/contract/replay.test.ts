// The live path, end to end, without network: the real CLI (`check`) runs its suite against a
// local server replaying cassettes. Conforming cassettes must pass every check (exit 0); broken ones — a
// mutated body, a wrong content type, a bad SSE frame, an error in the wrong shape, a wrong status — must be
// reported in the table and fail the run (exit 1).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type Cassette, readCassettes, recordedDir } from "../../src/contract/cassette.ts";
import { providerContext } from "../../src/contract/context.ts";
import { createReplayServer, listen, pickCassette } from "../../src/contract/replay.ts";
import { corpusDir } from "../../scripts/lib/corpus.ts";
import { keyVariable, runContract, verdictOf } from "./run-cli.ts";
import { providers } from "../helpers/bundles.ts";

const reports = fs.mkdtempSync(path.join(os.tmpdir(), "contract-reports-"));
const servers: Array<{ close(): void }> = [];
afterAll(() => {
  for (const s of servers) s.close();
  fs.rmSync(reports, { recursive: true, force: true });
});

async function replay(provider: string, cassettes: Array<{ file: string; cassette: Cassette }>) {
  const server = createReplayServer(providerContext(provider), cassettes);
  servers.push(server);
  return listen(server);
}

const SUITE = ["text", "system-instruction", "multi-turn", "stream", "bad-request", "bad-key"];

describe.each(providers)("npm run contract against %s's cassettes, replayed", (provider) => {
  test("reports every check as passing and exits 0", async () => {
    const baseUrl = await replay(provider, readCassettes(path.join(recordedDir, provider)));
    const run = await runContract(["--provider", provider, "--base-url", baseUrl, "--reports", reports, "--timeout", "20"], { [keyVariable(provider)]: "test-key" });
    expect(run.stderr).toBe("");
    for (const check of SUITE) {
      for (const aspect of ["status", "content type"]) expect(verdictOf(run.stdout, `${check} · ${aspect}`), `${check} · ${aspect}\n${run.stdout}`).toBe("PASS");
    }
    expect(run.stdout).not.toMatch(/\bFAIL\b/);
    expect(run.stdout).toMatch(/checks: \d+ pass, 0 fail/);
    expect(run.code).toBe(0);
    expect(fs.existsSync(path.join(reports, `drift-${provider}.md`))).toBe(true);
  });
});

/** Conforming cassettes made to misbehave, each for one check of the suite. */
function broken(provider: string): Array<{ file: string; cassette: Cassette }> {
  const base = readCassettes(path.join(recordedDir, provider));
  const pick = (check: string, sse = true) => structuredClone(pickCassette(base, check, sse)!.cassette);
  const as = (check: string, cassette: Cassette) => ({ file: `broken-${check}.json`, cassette: { ...cassette, check } });

  const text = pick("text");
  (text.response.body as any).candidates = [{ index: "first", content: { parts: [{ text: 42 }] } }];
  const system = pick("system-instruction");
  system.response.headers = { "content-type": "text/plain; charset=utf-8" };
  const stream = pick("stream");
  stream.response.sseEvents = [stream.response.sseEvents![0], "{\"candidates\": [", { candidates: { not: "a list" } }];
  const badRequest = pick("bad-request");
  badRequest.response.body = { error: { code: "400", message: 400, status: ["INVALID_ARGUMENT"] } };
  // A gateway-style error body where Google only ever sends google.rpc.Status, or a Google body that says 200
  const badKey = pick("bad-key");
  if (provider === "google") badKey.response = { status: 401, headers: { "content-type": "application/json" }, body: { error: { message: "Invalid token", type: "new_api_error" } } };
  else badKey.response = { ...pick("text").response };
  return [as("text", text), as("system-instruction", system), as("stream", stream), as("bad-request", badRequest), as("bad-key", badKey), ...base];
}

describe.each(["google", "tikhub"])("npm run contract against broken %s traffic", (provider) => {
  test("names each violation in the table and exits 1", async () => {
    const baseUrl = await replay(provider, broken(provider));
    const run = await runContract(["--provider", provider, "--base-url", baseUrl, "--reports", reports, "--timeout", "20"], { [keyVariable(provider)]: "test-key" });
    const failing = run.stdout.split("\n").filter((l) => /\bFAIL\b/.test(l));
    const expected = ["text · body", "system-instruction · content type", "stream · frames", "bad-request · body",
      provider === "google" ? "bad-key · body" : "bad-key · status"];
    for (const check of expected) expect(verdictOf(run.stdout, check), `${check}\n${run.stdout}`).toBe("FAIL");
    expect(failing.length, run.stdout).toBe(expected.length);
    expect(run.stdout).toMatch(/stream · frames .*frame 2 is not JSON/);
    expect(run.stdout).toMatch(/text · body .*\/candidates\/0\/index must be integer/);
    expect(run.stdout).toMatch(/system-instruction · content type .*got text\/plain/);
    expect(run.code).toBe(1);
    // unaffected checks still pass
    expect(verdictOf(run.stdout, "multi-turn · body")).toBe("PASS");
  });
});

test("without a key the CLI says which variable to set and exits 2", async () => {
  const run = await runContract(["--provider", "tikhub"], { TIKHUB_API_KEY: "" });
  expect(run.stderr).toMatch(/TIKHUB_API_KEY is not set/);
  expect(run.code).toBe(2);
});

describe("npm run contract --cassettes", () => {
  test("passes the committed cassettes of a provider", async () => {
    const run = await runContract(["--provider", "serevixai", "--cassettes", "--reports", reports]);
    expect(run.stdout).toMatch(/serevixai: \d+ cassettes in tests\/fixtures\/recorded\/serevixai/);
    expect(run.stdout).toMatch(/checks: \d+ pass, 0 fail/);
    expect(run.code).toBe(0);
  });

  test("takes corpus records as they are, and fails on a broken cassette", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cassettes-"));
    fs.copyFileSync(path.join(corpusDir, "vercel-ai", "17.json"), path.join(dir, "corpus-record.json"));
    const good = readCassettes(path.join(recordedDir, "tikhub")).find((c) => c.file === "docs-generateContent-200.json")!.cassette;
    const bad = structuredClone(good);
    (bad.response.body as any).usageMetadata.totalTokenCount = "eighteen";
    fs.writeFileSync(path.join(dir, "good.json"), JSON.stringify(good));
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify(bad));
    const run = await runContract(["--provider", "tikhub", "--cassettes", dir, "--reports", reports]);
    fs.rmSync(dir, { recursive: true });
    expect(verdictOf(run.stdout, "corpus-record · body")).toBe("PASS");
    expect(verdictOf(run.stdout, "good · body")).toBe("PASS");
    expect(verdictOf(run.stdout, "bad · body")).toBe("FAIL");
    expect(run.stdout).toMatch(/bad · body .*\/usageMetadata\/totalTokenCount must be integer/);
    expect(run.code).toBe(1);
  });
});
