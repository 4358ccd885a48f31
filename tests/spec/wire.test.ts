// The canonical bundle shows what to send; the wire bundle accepts what Google's server accepts
// (GUIDE §3: nulls, snake_case names, lower-case Schema types, a lone object for a list) and still
// rejects what is wrong.
import { describe, expect, test } from "vitest";
import { createValidators, formatErrors } from "../../src/validate.ts";
import { closeEnums } from "../../scripts/lib/wire.ts";
import { servedOperations } from "../../scripts/lib/coverage.ts";
import { bundle, providers } from "../helpers/bundles.ts";

const ask = (generationConfig: unknown) => ({ contents: [{ role: "user", parts: [{ text: "x" }] }], generationConfig });
const structured = (responseSchema: unknown) => ask({ responseMimeType: "application/json", responseSchema });

// Schemas that combine instead of typing, as clients send them for unions and nullable objects; Google accepts
// them ("type: must be specified when not using one_of, any_of or all_of fields"). Canonical spelling.
const combined: Record<string, unknown> = {
  "a union without type (the AI SDK's z.union)": structured({
    type: "OBJECT", properties: { value: { anyOf: [{ type: "STRING" }, { type: "NUMBER" }] } }, required: ["value"],
  }),
  "a nullable nested object (Genkit's and LangChain's structured output)": structured({
    type: "OBJECT",
    properties: { address: { anyOf: [{ type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] }, { type: "NULL" }] } },
  }),
  "function parameters that are a union at the root": {
    contents: [{ parts: [{ text: "x" }] }],
    tools: [{ functionDeclarations: [{ name: "find", description: "d", parameters: { anyOf: [{ type: "OBJECT", properties: { id: { type: "STRING" } } }, { type: "OBJECT", properties: { name: { type: "STRING" } } }] } }] }],
  },
};

// Values the newest official SDK sends (@google/genai 3.3.0) that Google's discovery document predates.
const newestSdk: Record<string, unknown> = {
  "thinkingLevel XHIGH": ask({ thinkingConfig: { thinkingLevel: "XHIGH" } }),
  "responseModalities VIDEO": ask({ responseModalities: ["VIDEO"] }),
  "a continuation token": { ...ask({}), continuationToken: "Y29udGludWU=" },
  "speech metadata and a per-part token count": {
    contents: [{ parts: [{ text: "Hello", speechMetadata: { speaker: "Ann", style: "calm" } }, { fileData: { fileUri: "https://x/v.mp4", mimeType: "video/mp4" }, mediaResolution: { level: "MEDIA_RESOLUTION_ULTRA_HIGH", numTokens: 256 } }] }],
  },
  "Schema int64 bounds as JSON numbers (Go and Python SDKs)": structured({ type: "ARRAY", items: { type: "STRING" }, minItems: 1, maxItems: "5" }),
};

// Shapes popular clients send and Google accepts (seen in recorded traffic of public test suites).
const acceptedByGoogle: Record<string, unknown> = {
  "nulls for unset fields": {
    contents: [{ role: "user", parts: [{ text: "hi" }] }],
    systemInstruction: null,
    generationConfig: { temperature: null, maxOutputTokens: 100, thinkingConfig: null },
    tools: null,
  },
  "snake_case names at any depth": {
    contents: [{ role: "user", parts: [{ inline_data: { mime_type: "image/png", data: "iVBORw0KGgo=" } }] }],
    system_instruction: { parts: [{ text: "be brief" }] },
    generation_config: { max_output_tokens: 64, response_mime_type: "application/json", response_json_schema: { type: "object" } },
    tool_config: { function_calling_config: { mode: "ANY", allowed_function_names: ["get_weather"] } },
    tools: [{ function_declarations: [{ name: "get_weather", description: "Weather", parameters_json_schema: { type: "object" } }] }],
    safety_settings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
  },
  "lower-case Schema.type names": {
    contents: [{ parts: [{ text: "hi" }] }],
    generationConfig: { responseMimeType: "application/json", responseSchema: { type: "object", properties: { a: { type: "string" } } } },
  },
  "a single object where a list is declared": {
    contents: { role: "user", parts: { text: "hi" } },
    tools: { functionDeclarations: [{ name: "f", description: "d", parameters: { type: "OBJECT" } }] },
  },
  "a function declaration without description, as the official SDKs allow": {
    contents: [{ parts: [{ text: "x" }] }],
    tools: [{ functionDeclarations: [{ name: "lookup", parameters: { type: "OBJECT", properties: { q: { type: "STRING" } } } }] }],
  },
  "enum numbers, as REST clients generated from the protos send them (enum-encoding=int)": {
    contents: [{ role: "user", parts: [{ text: "x" }] }],
    safetySettings: [{ category: 7, threshold: 2 }],
    generationConfig: { responseModalities: [1], mediaResolution: 1 },
  },
  "numbers as strings and gateway-documented modality case": {
    contents: [{ parts: [{ text: "a pig with wings" }] }],
    generationConfig: { maxOutputTokens: "1024", temperature: "0.7", responseModalities: ["Text", "image"] },
  },
  "combining schemas in lower case, snake_case and null (AI SDK, proto clients)": structured({
    type: "object",
    properties: {
      value: { anyOf: [{ type: "string" }, { type: "number" }] },
      address: { any_of: [{ type: "object", properties: { city: { type: "string" } } }, { type: "null" }] },
    },
  }),
  "topK written as a float with no fraction, as every SDK types it": JSON.parse('{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"topK":40.0}}'),
};

// Enum names Google may add before this spec lists them: the wire bundle takes them (so the mock does not
// reject the next SDK), the canonical bundle and the wire bundle with its enums closed do not.
const unknownEnumNames: Record<string, unknown> = {
  "a new Schema.type": structured({ type: "DECIMAL" }),
  "a new modality": ask({ responseModalities: ["HOLOGRAM"] }),
  "a new harm category": { contents: [{ parts: [{ text: "x" }] }], safetySettings: [{ category: "HARM_CATEGORY_BOREDOM", threshold: "BLOCK_NONE" }] },
  "a new thinking level": ask({ thinkingConfig: { thinkingLevel: "ULTRA" } }),
};

const wrong: Record<string, unknown> = {
  "contents missing": { generationConfig: { temperature: 0.2 } },
  "contents a number": { contents: 5 },
  "temperature a word": { contents: [{ parts: [{ text: "hi" }] }], generationConfig: { temperature: "hot" } },
  "an enum value that cannot be an enum name": ask({ thinkingConfig: { thinkingLevel: "very high" } }),
  "an empty enum value": ask({ responseModalities: [""] }),
  "a fractional enum number": ask({ mediaResolution: 1.5 }),
  "a JSON-Schema list of types (LangChain), which Google refuses": structured({ type: "OBJECT", properties: { a: { type: ["STRING", "NULL"] } } }),
  "a schema with neither type nor a combination": structured({ type: "OBJECT", properties: { a: { description: "untyped" } } }),
  "a nullable object whose branch lacks its type": structured({ anyOf: [{ properties: { city: { type: "STRING" } } }, { type: "NULL" }] }),
  "topK with a fraction": ask({ topK: 40.5 }),
  "function declaration without name, either spelling": { contents: [{ parts: [{ text: "x" }] }], tools: [{ functionDeclarations: [{ description: "d" }] }] },
  "file data without its uri, either spelling": { contents: [{ parts: [{ fileData: { mimeType: "video/mp4" } }] }] },
};

describe.each(providers)("%s request validation", (id) => {
  const canonical = bundle(id).validators;
  const wire = bundle(id, "wire").validators;

  test.each(Object.entries(acceptedByGoogle))("the wire bundle accepts %s", (_name, body) => {
    for (const op of ["generateContent", "streamGenerateContent"]) {
      const accepts = wire.requestBody(op);
      expect(accepts(body), formatErrors(accepts.errors)).toBe(true);
    }
  });

  test("the canonical bundle rejects the non-canonical forms that change a declared type", () => {
    const validate = canonical.requestBody("generateContent");
    for (const name of ["nulls for unset fields", "lower-case Schema.type names", "a single object where a list is declared", "numbers as strings and gateway-documented modality case"]) {
      expect(validate(acceptedByGoogle[name]), name).toBe(false);
    }
  });

  test.each(Object.entries(wrong))("both bundles reject %s", (_name, body) => {
    expect(canonical.requestBody("generateContent")(body)).toBe(false);
    expect(wire.requestBody("generateContent")(body)).toBe(false);
  });

  test.each(Object.entries({ ...combined, ...newestSdk }))("both bundles accept %s", (_name, body) => {
    for (const validators of [canonical, wire]) {
      const accepts = validators.requestBody("generateContent");
      expect(accepts(body), formatErrors(accepts.errors)).toBe(true);
    }
  });

  test.each(Object.entries(unknownEnumNames))("only the wire bundle accepts %s, and closing its enums tells it apart", (_name, body) => {
    expect(canonical.requestBody("generateContent")(body)).toBe(false);
    const accepts = wire.requestBody("generateContent");
    expect(accepts(body), formatErrors(accepts.errors)).toBe(true);
    expect(closedWire(id).requestBody("generateContent")(body)).toBe(false);
  });
});

const closed = new Map<string, ReturnType<typeof createValidators>>();
const closedWire = (id: string) => {
  if (!closed.has(id)) closed.set(id, createValidators(closeEnums(bundle(id, "wire").doc)));
  return closed.get(id)!;
};

describe("the wire bundle with its enums closed", () => {
  const validators = closedWire("google");
  test("still takes every spelling of a known value, so what it rejects beyond the wire bundle is an unknown name", () => {
    for (const body of Object.values(acceptedByGoogle)) {
      const accepts = validators.requestBody("generateContent");
      expect(accepts(body), formatErrors(accepts.errors)).toBe(true);
    }
  });

  test("points at the field holding the unknown name", () => {
    const accepts = validators.requestBody("generateContent");
    expect(accepts(ask({ thinkingConfig: { thinkingLevel: "ULTRA" } }))).toBe(false);
    expect(accepts.errors?.map((e) => e.instancePath)).toContain("/generationConfig/thinkingConfig/thinkingLevel");
  });
});

// The same leniency for the other operations' bodies: what clients send for token counting and embeddings.
const otherOperations: Record<string, { accepted: unknown[]; canonicalRejects: unknown[]; wrong: unknown[] }> = {
  countTokens: {
    accepted: [
      // snake_case wrapper and nulls, as proto-generated clients send them
      { generate_content_request: { model: "models/gemini-2.5-flash", contents: [{ parts: [{ text: "x" }] }], system_instruction: null } },
      { contents: { parts: { text: "a lone content" } } },
      { contents: [{ parts: [{ text: "x" }] }], generateContentRequest: null },
    ],
    canonicalRejects: [{ contents: { parts: { text: "a lone content" } } }],
    wrong: [{ contents: "text" }, { generateContentRequest: { contents: 7 } }],
  },
  embedContent: {
    accepted: [
      { content: { parts: [{ text: "x" }] }, task_type: "retrieval_query", output_dimensionality: "256" },
      { content: { parts: [{ text: "x" }] }, embed_content_config: { task_type: 2, auto_truncate: null } },
      { model: "models/gemini-embedding-001", content: { parts: { text: "x" } }, title: null },
      // a task type Google may add before this spec lists it
      { content: { parts: [{ text: "x" }] }, taskType: "CODE_RETRIEVAL_DOCUMENT" },
    ],
    canonicalRejects: [{ content: { parts: [{ text: "x" }] }, taskType: "retrieval_query" }],
    wrong: [{ taskType: "RETRIEVAL_QUERY" }, { content: { parts: [{ text: "x" }] }, taskType: "a query" }, { content: { parts: [{ text: "x" }] }, outputDimensionality: 7.5 }],
  },
  batchEmbedContents: {
    accepted: [
      { requests: { model: "models/gemini-embedding-001", content: { parts: [{ text: "a lone request" }] } } },
      { requests: [{ model: "models/gemini-embedding-001", content: { role: "user", parts: [{ text: "x" }] }, outputDimensionality: 64, taskType: null }] },
    ],
    canonicalRejects: [{ requests: { model: "models/gemini-embedding-001", content: { parts: [{ text: "x" }] } } }],
    wrong: [{}, { requests: [{ model: "models/gemini-embedding-001" }] }, { requests: "all of them" }],
  },
};

describe.each(["google", "selfhosted"])("%s request validation beyond generation", (id) => {
  const canonical = bundle(id).validators;
  const wire = bundle(id, "wire").validators;
  const served = servedOperations(bundle(id).doc);

  test.each(Object.keys(otherOperations).filter((op) => served.has(op)))("%s: the wire bundle takes what clients send, and both reject what is wrong", (op) => {
    const cases = otherOperations[op];
    for (const body of cases.accepted) {
      const accepts = wire.requestBody(op);
      expect(accepts(body), `${JSON.stringify(body)}\n${formatErrors(accepts.errors)}`).toBe(true);
    }
    for (const body of cases.canonicalRejects) expect(canonical.requestBody(op)(body), JSON.stringify(body)).toBe(false);
    for (const body of cases.wrong) {
      expect(canonical.requestBody(op)(body), JSON.stringify(body)).toBe(false);
      expect(wire.requestBody(op)(body), JSON.stringify(body)).toBe(false);
    }
  });
});
