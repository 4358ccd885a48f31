// The mocks behave like the providers: documented auth, provider-shaped errors, examples chosen with
// `Prefer`, streams as each provider sends them, and every request form the real service accepts.
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { formatErrors, parseSse } from "../../src/validate.ts";
import { bundle, corpusRecords, providers } from "../helpers/bundles.ts";
import { loadProvider } from "../../src/mock/provider.ts";
import { credentialsFor, type SecurityScheme } from "../../src/security.ts";
import { bundleExamples } from "../../scripts/lib/examples.ts";
import { call, credentials, KEY, mockOf, sampleRequest } from "./helpers.ts";


describe.each(providers)("mock for %s", (id) => {
  const { doc, validators } = bundle(id);
  const gateway = doc["x-gemini-provider"].errorShapes.includes("gateway");
  const request = sampleRequest(doc, "generateContent");
  const responseExamples = bundleExamples(doc).filter((e) => e.target !== "request");

  const expectDocumented = (operationId: string, status: number, text: string) => {
    const validate = validators.response(operationId, status);
    const body = JSON.parse(text);
    expect(validate(body), `${status} body ${text}\n${formatErrors(validate.errors)}`).toBe(true);
    return body;
  };

  test.each(responseExamples.map((e) => [`${e.operationId} ${e.target} ${e.mediaType} ${e.name}`, e] as const))(
    "serves %s when Prefer asks for it", async (_name, e) => {
      const sse = e.mediaType === "text/event-stream";
      const jsonStream = e.operationId === "streamGenerateContent" && e.target === "200" && !sse;
      if (jsonStream && doc["x-gemini-provider"].sseWithoutAlt) {
        // This gateway streams SSE whatever `alt` says, so the JSON-array body is never what it sends.
        const res = await call(id, "streamGenerateContent", { body: request, headers: { prefer: `example=${e.name}` }, query: "alt=json" });
        expect(res.headers.get("content-type")).toBe("text/event-stream");
        return;
      }
      const res = await call(id, e.operationId, {
        body: sampleRequest(doc, e.operationId),
        query: sse ? "alt=sse" : undefined,
        headers: { prefer: `code=${e.target}, example=${e.name}` },
      });
      expect(res.status).toBe(Number(e.target));
      expect(res.headers.get("content-type")).toContain(e.mediaType);
      if (sse) expect(res.text).toBe(e.value);
      else expect(JSON.parse(res.text)).toEqual(e.value);
    });

  test("takes every request example the spec shows", async () => {
    const requests = bundleExamples(doc).filter((e) => e.target === "request");
    expect(requests.length).toBeGreaterThan(0);
    for (const e of requests) {
      const res = await call(id, e.operationId as any, { body: e.value });
      expect(res.status, `${e.operationId} ${e.name}: ${res.text}`).toBe(200);
    }
  });

  test("without a Prefer header answers 200 with the first example, valid against the canonical schema", async () => {
    const res = await call(id, "generateContent", { body: request });
    expect(res.status).toBe(200);
    expectDocumented("generateContent", 200, res.text);
  });

  test("missing credentials get the provider's own refusal", async () => {
    const res = await call(id, "generateContent", { body: request, auth: false });
    const body = expectDocumented("generateContent", res.status, res.text);
    if (gateway) {
      expect(res.status).toBe(401);
      expect(body.error).toMatchObject({ type: "new_api_error" });
    } else {
      // Google: a call without any key is an "unregistered caller".
      expect(res.status).toBe(403);
      expect(body.error.status).toBe("PERMISSION_DENIED");
      expect(body.error.message).toMatch(/unregistered callers/);
    }
  });

  test("each documented way to authenticate works, and every part of a combined one is needed", async () => {
    const alternatives = loadProvider(id).security;
    const send = (schemes: SecurityScheme[]) =>
      call(id, "generateContent", { body: request, auth: false, ...credentialsFor(schemes, KEY) });
    expect(alternatives.length).toBeGreaterThan(0);
    for (const alternative of alternatives) {
      expect((await send(alternative)).status, JSON.stringify(alternative)).toBe(200);
      if (alternative.length < 2) continue;
      for (const alone of alternative) {
        const enough = alternatives.some((a) => a.length === 1 && JSON.stringify(a[0]) === JSON.stringify(alone));
        const res = await send([alone]);
        expect(res.status, JSON.stringify(alone)).toBe(enough ? 200 : 401);
      }
    }
  });

  test("an invalid body is a 400 INVALID_ARGUMENT naming the field", async () => {
    for (const [body, field] of [
      [{ contents: 5 }, "contents"],
      [{}, "contents"],
      [{ contents: [{ parts: [{ text: 5 }] }] }, "contents[0].parts[0].text"],
      [{ contents: [{ parts: [{ text: "hi" }] }], generationConfig: { responseModalities: ["PICTURE AND TEXT"] } }, "generation_config.response_modalities[0]"],
    ] as const) {
      const res = await call(id, "generateContent", { body });
      expect(res.status, res.text).toBe(400);
      const parsed = expectDocumented("generateContent", 400, res.text);
      expect(parsed.error.status).toBe("INVALID_ARGUMENT");
      const fields = parsed.error.details[0].fieldViolations.map((v: any) => v.field);
      expect(fields, res.text).toContain(field);
    }
    const broken = await call(id, "streamGenerateContent", { body: '{"contents": [', query: "alt=sse" });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text).error.message).toMatch(/^Invalid JSON payload received/);
  });

  test("accepts what Google's parser accepts: snake_case, null, lower-case enums, a lone object for a list, numbers as strings", async () => {
    const res = await call(id, "generateContent", {
      body: {
        contents: { role: "user", parts: [{ text: "hi" }, { inline_data: { mime_type: "image/png", data: "iVBORw0KGgo" } }] },
        system_instruction: { parts: { text: "Be brief." } },
        tools: { function_declarations: [{ name: "f", description: "d", parameters: { type: "object", properties: { a: { type: "string" } } } }] },
        tool_config: { function_calling_config: { mode: "any", allowed_function_names: ["f"] } },
        safety_settings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "block_none" }],
        generation_config: { temperature: "0.5", max_output_tokens: "64", response_modalities: ["Text"], stop_sequences: null, thinking_config: { thinking_budget: 0 } },
        cached_content: null,
      },
    });
    expect(res.status, res.text).toBe(200);
  });

  test("takes the requests recorded from Google's real traffic", async () => {
    const recorded = corpusRecords().filter(({ record }) => record.request.body && record.request.url);
    expect(recorded.length).toBeGreaterThan(0);
    for (const { id: name, record } of recorded) {
      const [, model, method] = /models\/([^:]+):(\w+)/.exec(record.request.url!)!;
      const res = await call(id, method as any, { model, body: record.request.body });
      expect(res.status, `${name}: ${res.text}`).toBe(200);
    }
  });

  test("streams as the provider does: SSE frames that validate, Google's JSON array without alt=sse", async () => {
    const sse = await call(id, "streamGenerateContent", { body: request, query: "alt=sse" });
    expect(sse.status).toBe(200);
    expect(sse.headers.get("content-type")).toBe("text/event-stream");
    const frames = parseSse(sse.text);
    expect(frames.length).toBeGreaterThan(1);
    const validate = validators.sseData("streamGenerateContent");
    for (const frame of frames) expect(validate(frame), formatErrors(validate.errors)).toBe(true);

    const plain = await call(id, "streamGenerateContent", { body: request });
    if (doc["x-gemini-provider"].sseWithoutAlt) {
      expect(plain.headers.get("content-type")).toBe("text/event-stream");
    } else {
      expect(plain.headers.get("content-type")).toContain("application/json");
      const chunks = JSON.parse(plain.text);
      expect(Array.isArray(chunks)).toBe(true);
      expect(validators.response("streamGenerateContent", 200)(chunks)).toBe(true);
    }
  });

  test("Prefer selects status codes, with an error body valid for that status", async () => {
    for (const status of [400, 401, 403, 404, 429, 500, 503]) {
      const res = await call(id, "generateContent", { body: request, headers: { prefer: `code=${status}` } });
      expect(res.status).toBe(status);
      expectDocumented("generateContent", status, res.text);
    }
    // A status without an example still gets a believable envelope rather than a sampled schema.
    const timeout = await call(id, "generateContent", { body: request, headers: { prefer: "code=504" } });
    expect(timeout.status).toBe(504);
    expect(JSON.parse(timeout.text).error).toMatchObject({ code: 504, status: "DEADLINE_EXCEEDED" });
    const unknown = await call(id, "generateContent", { body: request, headers: { prefer: "example=no-such-example" } });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).error.message).toContain("basic-text");
    // A success status the operation does not document is refused rather than sampled from the error schema.
    const created = await call(id, "generateContent", { body: request, headers: { prefer: "code=201" } });
    expect(created.status).toBe(400);
  });

  test("an unknown path is a 404 in the provider's own shape; a wrong method is a 4xx", async () => {
    const res = await fetch(`${mockOf(id).url}/v1beta/models/gemini-2.5-flash:frobnicate`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
    const body = await res.json();
    if (gateway) expect(body.error).toEqual({ message: "Invalid URL (POST /v1beta/models/gemini-2.5-flash:frobnicate)", type: "invalid_request_error", param: "", code: "" });
    else expect(body.error).toMatchObject({ code: 404, status: "NOT_FOUND" });
    expect(validators.response("generateContent", 404)(body)).toBe(true);
    for (const method of ["GET", "PUT", "DELETE", "PATCH", "HEAD"]) {
      const wrong = await call(id, "generateContent", { method, body: request });
      expect(wrong.status, method).toBeGreaterThanOrEqual(400);
      expect(wrong.status, method).toBeLessThan(500);
    }
  });

  test("serves the /v1/ alias the official SDK calls by default, gzip bodies and CORS preflights", async () => {
    const { headers, query } = credentials(id);
    const v1 = await fetch(`${mockOf(id).baseUrl}/v1/models/gemini-2.5-flash:generateContent${query ? `?${query}` : ""}`,
      { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(request) });
    expect(v1.status).toBe(200);
    const gz = await call(id, "generateContent", { body: gzipSync(JSON.stringify(request)), headers: { "content-encoding": "gzip" } });
    expect(gz.status, gz.text).toBe(200);
    const preflight = await fetch(`${mockOf(id).baseUrl}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: "OPTIONS", headers: { origin: "http://example.test", "access-control-request-method": "POST", "access-control-request-headers": "x-goog-api-key" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-goog-api-key");
  });
});
