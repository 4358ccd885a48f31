// The drift pass: what the published (open) spec accepts but does not describe — an unknown property, an
// enum value it does not list — is found by the strict copy and reported, without failing anything.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { providerContext } from "../../src/contract/context.ts";
import { writeDriftReport } from "../../src/contract/drift.ts";
import { providers } from "../helpers/bundles.ts";

const reply = (extra: Record<string, unknown> = {}, finishReason = "STOP") => ({
  candidates: [{ content: { role: "model", parts: [{ text: "Jupiter." }] }, finishReason, index: 0 }],
  usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 2, totalTokenCount: 11 },
  ...extra,
});
const payload = (value: unknown, media: "json" | "sse" = "json", status = 200) => ({ at: "body", value, status, media, valid: true });

describe.each(providers)("drift pass of %s", (id) => {
  const ctx = providerContext(id);

  test("finds nothing in a reply the spec describes", () => {
    expect(ctx.validators.response("generateContent", 200)(reply())).toBe(true);
    expect(ctx.drift("generateContent", payload(reply()), "t")).toEqual([]);
  });

  test("reports unknown properties and enum values the published spec lets through", () => {
    const drifted = reply({ sentiment: { score: 1 } }, "OUT_OF_COFFEE");
    (drifted.candidates[0].content.parts[0] as any).glow = true;
    expect(ctx.validators.response("generateContent", 200)(drifted)).toBe(true);
    const found = ctx.drift("generateContent", payload(drifted), "t").map((f) => `${f.kind} ${f.path} ${f.value}`).sort();
    expect(found).toEqual([
      "unknown enum value /candidates/*/finishReason OUT_OF_COFFEE",
      "unknown property /candidates/*/content/parts/*/glow boolean",
      "unknown property /sentiment object",
    ]);
  });

  test("judges an error frame of a stream as an error, not as a reply with unknown fields", () => {
    const frame = { error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } };
    expect(ctx.validators.sseData("streamGenerateContent", 200)(frame)).toBe(true);
    expect(ctx.drift("streamGenerateContent", payload(frame, "sse"), "t")).toEqual([]);
    const odd = { error: { ...frame.error, retryInSeconds: 5 } };
    expect(ctx.drift("streamGenerateContent", payload(odd, "sse"), "t").map((f) => f.path)).toEqual(["/error/retryInSeconds"]);
  });
});

test("the report lists each finding once with its count, in Markdown and JSON", () => {
  const ctx = providerContext("google");
  const findings = [1, 2, 3].flatMap((i) => ctx.drift("generateContent", payload(reply({ novelty: i })), `cassette-${i}`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
  const { md, json } = writeDriftReport("google", "three test payloads", 3, findings, { dir });
  expect(path.basename(md)).toBe("drift-google.md");
  expect(JSON.parse(fs.readFileSync(json, "utf8")).findings).toEqual([
    { kind: "unknown property", path: "/novelty", value: "number", count: 3, examples: ["cassette-1 body", "cassette-2 body", "cassette-3 body"] },
  ]);
  expect(fs.readFileSync(md, "utf8")).toMatch(/\| unknown property \| `\/novelty` \| `number` \| 3 \|/);
  fs.rmSync(dir, { recursive: true });
});

test("a recorded request with a new enum name passes, and its drift is reported, as is an undeclared field", async () => {
  const { checkCassette } = await import("../../src/contract/check-cassette.ts");
  const ctx = providerContext("google");
  const cassette = {
    provider: "google", operation: "generateContent" as const, source: "recorded" as const, origin: "test",
    request: {
      method: "POST", path: "/v1beta/models/gemini-3-pro:generateContent", query: {}, headers: {},
      body: { contents: [{ role: "user", parts: [{ text: "hi" }] }], generationConfig: { thinkingConfig: { thinkingLevel: "OMEGA" }, temprature: 1 } },
    },
    response: { status: 200, headers: { "content-type": "application/json" }, body: reply() },
  };
  const { rows, drift } = checkCassette(ctx, "new-level", cassette);
  expect(rows.find((r) => r.check === "new-level · request")?.verdict).toBe("pass");
  expect(drift.map((f) => `${f.kind} ${f.path} ${f.value}`).sort()).toEqual([
    "unknown enum value request generation_config.thinking_config.thinking_level OMEGA",
    "unknown property request generation_config.temprature number",
  ]);
});
