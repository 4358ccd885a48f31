// Our own client against every provider's mock: each example the provider documents, asked for with
// `Prefer`, comes back through the client as exactly that example (a response, a stream of chunks, a page of
// models, or a GeminiApiError carrying the documented body), for every operation the provider serves. What it does
// not serve the client refuses before sending, and the mock would answer with a 404 anyway.
import { describe, expect, test } from "vitest";
import { createGeminiClient, GeminiApiError, type GeminiClient } from "../../src/index.ts";
import { parseSse } from "../../src/validate.ts";
import { bundle, providers } from "../helpers/bundles.ts";
import { bundleExamples } from "../../scripts/lib/examples.ts";
import { call, KEY, mockOf, sampleRequest } from "./helpers.ts";
import { OPERATIONS as KNOWN } from "../../src/contract/cassette.ts";

/** Every operation the client has a method for: all the operations this package describes. */
const OPERATIONS: readonly string[] = KNOWN;

describe.each(providers)("client against the %s mock", (id) => {
  const { doc } = bundle(id);
  const request = sampleRequest(doc, "generateContent") as any;
  const client = (prefer?: string, fetch?: typeof globalThis.fetch): GeminiClient<"google"> =>
    createGeminiClient({ provider: id as "google", apiKey: KEY, baseUrl: mockOf(id).baseUrl, headers: prefer ? { prefer } : {}, fetch });
  const served: string[] = Object.values<any>(doc.paths).flatMap((item) => Object.values<any>(item).map((op) => op?.operationId).filter(Boolean));
  const unserved = OPERATIONS.filter((op) => !served.includes(op));
  // The client always asks for SSE, so the JSON-array stream body (Google without alt=sse) is not one it sees.
  const examples = bundleExamples(doc).filter((e) => e.target !== "request"
    && !(e.operationId === "streamGenerateContent" && e.target === "200" && e.mediaType === "application/json"));
  /** The unary call of an operation, with the request the spec shows for it. */
  const unary = (api: GeminiClient<"google">, operationId: string): Promise<unknown> => {
    const body = sampleRequest(doc, operationId) as any;
    switch (operationId) {
      case "generateContent": return api.generateContent("gemini-2.5-flash", body);
      case "countTokens": return api.countTokens("gemini-2.5-flash", body);
      case "embedContent": return api.embedContent("gemini-embedding-001", body);
      case "batchEmbedContents": return api.batchEmbedContents("gemini-embedding-001", body);
      case "listModels": return api.listModels();
      case "getModel": return api.getModel("gemini-2.5-flash");
      default: throw new Error(`no client method for ${operationId}`);
    }
  };

  test("the client has a method for every operation the provider serves", () => {
    expect(served).toEqual(expect.arrayContaining(["generateContent", "streamGenerateContent"]));
    expect(served.filter((op) => !OPERATIONS.includes(op))).toEqual([]);
  });

  test.each(examples.map((e) => [`${e.operationId} ${e.target} ${e.name}`, e] as const))("%s round-trips", async (_name, e) => {
    const api = client(`code=${e.target}, example=${e.name}`);
    const status = Number(e.target);
    if (e.operationId !== "streamGenerateContent") {
      const call = unary(api, e.operationId);
      if (status === 200) return expect(await call).toEqual(e.value);
      const error = await call.catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GeminiApiError);
      expect(error).toMatchObject({ status, provider: id, body: e.value });
      return;
    }
    const chunks: unknown[] = [];
    let failure: unknown;
    try {
      for await (const chunk of api.streamGenerateContent("gemini-2.5-flash", request)) chunks.push(chunk);
    } catch (err) {
      failure = err;
    }
    if (status !== 200) {
      expect(failure).toBeInstanceOf(GeminiApiError);
      expect(failure).toMatchObject({ status, body: e.value });
      return;
    }
    const frames = parseSse(e.value as string);
    const errorAt = frames.findIndex((f: any) => f.error && !f.candidates);
    if (errorAt < 0) {
      expect(failure).toBeUndefined();
      expect(chunks).toEqual(frames);
    } else {
      // A mid-stream error: the chunks before it arrive, then the error frame becomes the thrown error.
      expect(chunks).toEqual(frames.slice(0, errorAt));
      expect(failure).toBeInstanceOf(GeminiApiError);
      expect((failure as GeminiApiError).body).toEqual(frames[errorAt]);
    }
  });

  if (unserved.length) {
    test.each(unserved)("%s, not served: the client refuses it before sending, and the mock would answer 404", async (operationId) => {
      let sent = 0;
      const counting: typeof fetch = (input, init) => (sent++, fetch(input, init));
      const api = client(undefined, counting);
      const refused = await unary(api, operationId).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(GeminiApiError);
      expect(refused).toMatchObject({ status: 0, code: "UNIMPLEMENTED", provider: id });
      expect(sent).toBe(0);
      const direct = await call(id, operationId);
      expect(direct.status).toBe(404);
    });
  }

  if (served.includes("listModels")) {
    test("listAllModels reads the whole list, page by page where the provider pages it", async () => {
      let sent = 0;
      const api = client(undefined, (input, init) => (sent++, fetch(input, init)));
      const whole = (await api.listModels({ pageSize: 1000 })).models ?? [];
      expect(whole.length).toBeGreaterThan(1);
      // Google pages (one model a page here); a gateway sends everything at once, with nextPageToken null.
      const pages = (await api.listModels({ pageSize: 1 })).nextPageToken ? whole.length : 1;
      sent = 0;
      const all = [];
      for await (const model of api.listAllModels({ pageSize: 1 })) all.push(model);
      expect(all).toEqual(whole);
      expect(sent).toBe(pages);
    });
  }

  if (served.includes("getModel")) {
    test("getModel answers a listed model as listed, and a model the provider lacks with NOT_FOUND", async () => {
      const api = client();
      const [first] = (await api.listModels()).models ?? [];
      expect(await api.getModel(first.name)).toEqual(first);
      const error = await api.getModel("no-such-model").catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GeminiApiError);
      expect(error).toMatchObject({ status: 404, code: "NOT_FOUND", provider: id });
    });
  }

  test("the openapi-fetch side of the client reaches the mock as well", async () => {
    const api = client("example=basic-text");
    const { data, response } = await api.POST("/v1beta/models/{model}:generateContent" as any, {
      params: { path: { model: "gemini-2.5-flash" } },
      body: request,
    } as any);
    expect(response.status).toBe(200);
    expect(data).toEqual(examples.find((e) => e.operationId === "generateContent" && e.name === "basic-text")!.value);
  });
});
