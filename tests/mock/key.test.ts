// `mock --key K` / `startMock({ key })`: only that key passes, and any other gets the answer the provider
// gives to a wrong key, so a client's bad-key path can be exercised against the mock.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMock, type MockServer as RunningMock } from "../../src/mock/index.ts";
import { createGeminiClient, GeminiApiError } from "../../src/index.ts";
import { providers } from "../helpers/bundles.ts";

const request = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
const mocks: Record<string, RunningMock> = {};

beforeAll(async () => {
  for (const id of providers) mocks[id] = await startMock({ provider: id, key: "the-only-good-key" });
});
afterAll(async () => {
  await Promise.all(Object.values(mocks).map((m) => m.close()));
});

const call = (id: string, apiKey: string) =>
  createGeminiClient({ provider: id as "selfhosted", apiKey, baseUrl: mocks[id].baseUrl }).generateContent("gemini-2.5-flash", request);

describe.each(providers)("%s", (id) => {
  test("the configured key is accepted", async () => {
    expect((await call(id, "the-only-good-key")).candidates?.length).toBeGreaterThan(0);
  });

  test("another key gets the provider's invalid-key answer", async () => {
    const error = await call(id, "some-other-key").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeminiApiError);
    if (id === "google") {
      // Google: 400 INVALID_ARGUMENT with reason API_KEY_INVALID, not a 401.
      expect(error).toMatchObject({ status: 400, code: "INVALID_ARGUMENT" });
      expect(JSON.stringify((error as GeminiApiError).body)).toContain("API_KEY_INVALID");
    } else {
      expect(error).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    }
  });
});
