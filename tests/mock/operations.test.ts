// The operations beyond generation, on the mocks of the providers that serve them: Google's paged model list
// and its 404 for a model it lacks, a gateway's one-page list, token counts and embeddings validated like
// generation; and on the providers that do not serve one, a 404 in the provider's own shape.
import { describe, expect, test } from "vitest";
import { formatErrors } from "../../src/validate.ts";
import { bundle, providers } from "../helpers/bundles.ts";
import { call } from "./helpers.ts";

const ALL = ["countTokens", "embedContent", "batchEmbedContents", "listModels", "getModel"];
const servedBy = (id: string) => new Set(Object.values<any>(bundle(id).doc.paths).flatMap((item) => [item.get, item.post].filter(Boolean).map((op: any) => op.operationId)));

describe.each(providers)("%s mock", (id) => {
  const served = servedBy(id);
  const { validators, doc } = bundle(id);
  const gateway = doc["x-gemini-provider"].errorShapes.includes("gateway");

  test.each(ALL)("%s: served as the spec says, or a 404 in the provider's own shape", async (operation) => {
    const body = operation === "countTokens" ? { contents: [{ parts: [{ text: "hi" }] }] }
      : operation === "embedContent" ? { content: { parts: [{ text: "hi" }] } }
        : operation === "batchEmbedContents" ? { requests: [{ model: "models/gemini-embedding-001", content: { parts: [{ text: "hi" }] } }] }
          : undefined;
    const res = await call(id, operation, { body });
    if (!served.has(operation)) {
      expect(res.status, res.text).toBe(404);
      const error = JSON.parse(res.text).error;
      if (gateway) expect(error.type).toBe("invalid_request_error");
      else expect(error.status).toBe("NOT_FOUND");
      return;
    }
    expect(res.status, res.text).toBe(200);
    const validate = validators.response(operation, 200);
    expect(validate(JSON.parse(res.text)), formatErrors(validate.errors)).toBe(true);
  });

  test("a bad body of an operation beyond generation is a 400 naming the field", async () => {
    const operation = ["embedContent", "countTokens"].find((o) => served.has(o));
    if (!operation) return expect(served.has("embedContent") || served.has("countTokens")).toBe(false);
    const res = await call(id, operation, { body: operation === "embedContent" ? { content: { parts: [{ text: 5 }] } } : { contents: [{ parts: [{ text: 5 }] }] } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.details[0].fieldViolations[0].field).toMatch(/parts\[0\]\.text$/);
  });
});

describe("Google's model list and models", () => {
  test("pages by pageSize and pageToken until the last page, which has no token", async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await call("google", "listModels", { query: `pageSize=1${token ? `&pageToken=${token}` : ""}` });
      expect(res.status, res.text).toBe(200);
      const page = JSON.parse(res.text);
      expect(page.models).toHaveLength(1);
      names.push(page.models[0].name);
      token = page.nextPageToken;
      pages++;
    } while (token && pages < 50);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(names).size).toBe(names.length);
    const whole = JSON.parse((await call("google", "listModels")).text);
    expect(whole.models.map((m: any) => m.name)).toEqual(names);
    expect(whole.nextPageToken).toBeUndefined();
  });

  test("a page size that is not a number or a token it did not give is a 400", async () => {
    for (const query of ["pageSize=many", "pageToken=forged"]) {
      const res = await call("google", "listModels", { query });
      expect(res.status, query).toBe(400);
      expect(JSON.parse(res.text).error.status).toBe("INVALID_ARGUMENT");
    }
  });

  test("a model of the list is answered; one it lacks is Google's 404", async () => {
    const { models } = JSON.parse((await call("google", "listModels")).text);
    const id = models[0].name.replace(/^models\//, "");
    const found = await call("google", "getModel", { model: id });
    expect(JSON.parse(found.text)).toEqual(models[0]);
    const missing = await call("google", "getModel", { model: "gemini-0-nonexistent" });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.message).toMatch(/^models\/gemini-0-nonexistent is not found for API version v1beta/);
  });
});

test("the self-hosted gateway's list is one page in new-api's shape, whatever the paging parameters", async () => {
  const res = await call("selfhosted", "listModels", { query: "pageSize=1&pageToken=whatever" });
  expect(res.status).toBe(200);
  const page = JSON.parse(res.text);
  expect(page.nextPageToken).toBeNull();
  expect(page.models.length).toBeGreaterThan(1);
  expect(page.models.every((m: any) => !m.name.startsWith("models/"))).toBe(true);
});
