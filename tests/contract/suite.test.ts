// The fixed live suite itself: its requests are what they claim to be for every provider, and the replay
// server recognises each of them.
import { describe, expect, test } from "vitest";
import { documentedModels, providerContext } from "../../src/contract/context.ts";
import { BAD_KEY, SCENARIOS, scenarioOf, served } from "../../src/contract/suite.ts";
import { keyLikeStrings } from "../../src/contract/key-patterns.ts";
import { providers } from "../helpers/bundles.ts";

describe.each(providers)("the suite for %s", (id) => {
  const ctx = providerContext(id);

  // Each check of an operation the provider serves (the others are skipped, and their bodies are not its to judge).
  const mine = SCENARIOS.filter((s) => served(ctx, s.operation));
  test.each(mine.map((s) => [s.name, s] as const))("%s: the wire bundle judges its request as intended", (_name, scenario) => {
    const accepts = scenario.body === undefined || ctx.wire.requestBody(scenario.operation)(scenario.body);
    expect(accepts).toBe(scenario.name !== "bad-request");
    expect(scenarioOf(scenario.operation, scenario.body, Boolean(scenario.badKey), accepts)).toBe(scenario.name);
  });

  test("the checks beyond generation are those of the operations the provider serves", () => {
    const operations = Object.values<any>(ctx.doc.paths).flatMap((item) => [item.get, item.post].filter(Boolean).map((op: any) => op.operationId));
    expect([...new Set(mine.map((s) => s.operation))].sort()).toEqual([...new Set(operations)].sort());
  });

  test("expects for a bad key only statuses the spec documents", () => {
    const statuses = SCENARIOS.find((s) => s.name === "bad-key")!.expect(ctx).statuses;
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => [400, 401, 403].includes(s))).toBe(true);
  });
});

test("models come from each provider's Model enum: image models by name or description", () => {
  const models = Object.fromEntries(providers.map((id) => [id, providerContext(id).models]));
  expect(models.google).toEqual({ text: "gemini-2.5-flash", image: "gemini-2.5-flash-image", embedding: "gemini-embedding-001" });
  expect(models.serevixai).toEqual({ text: "gemini-2.5-flash", image: undefined, embedding: undefined });
  // kkiai documents image models only; they answer text prompts too
  expect(models.kkiai).toEqual({ text: "gemini-2.5-flash-image", image: "gemini-2.5-flash-image", embedding: undefined });
  const doc = { components: { parameters: { Model: { schema: { anyOf: [{ type: "string", enum: ["painter-1", "chat-1"], "x-enumDescriptions": { "painter-1": "Image generation." } }] } } } } };
  expect(documentedModels(doc)).toEqual({ text: "chat-1", image: "painter-1", embedding: undefined });
});

test("the bad key is obviously fake and not key-like", () => {
  expect(keyLikeStrings(BAD_KEY)).toEqual([]);
  expect(keyLikeStrings(`x-goog-api-key: ${BAD_KEY}`)).toEqual([]);
});
