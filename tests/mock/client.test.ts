// Our own client against every provider's mock: each example the provider documents, asked for with
// `Prefer`, comes back through the client as exactly that example (a response, a stream of chunks, or a
// GeminiApiError carrying the documented body).
import { describe, expect, test } from "vitest";
import { createGeminiClient, GeminiApiError } from "../../src/index.ts";
import { parseSse } from "../../src/validate.ts";
import { bundle, providers } from "../helpers/bundles.ts";
import { bundleExamples } from "../../scripts/lib/examples.ts";
import { KEY, mockOf, sampleRequest } from "./helpers.ts";

describe.each(providers)("client against the %s mock", (id) => {
  const { doc } = bundle(id);
  const request = sampleRequest(doc, "generateContent") as any;
  const client = (prefer: string) =>
    createGeminiClient({ provider: id as any, apiKey: KEY, baseUrl: mockOf(id).baseUrl, headers: { prefer } });
  // The client always asks for SSE, so the JSON-array stream body (Google without alt=sse) is not one it sees.
  const examples = bundleExamples(doc).filter((e) => e.target !== "request"
    && (e.operationId === "generateContent" || e.operationId === "streamGenerateContent")
    && !(e.operationId === "streamGenerateContent" && e.target === "200" && e.mediaType === "application/json"));

  test.each(examples.map((e) => [`${e.operationId} ${e.target} ${e.name}`, e] as const))("%s round-trips", async (_name, e) => {
    const api = client(`code=${e.target}, example=${e.name}`);
    const status = Number(e.target);
    if (e.operationId === "generateContent") {
      const call = api.generateContent("gemini-2.5-flash", request);
      if (status === 200) return expect(await call).toEqual(e.value);
      const error = await call.catch((err) => err);
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
