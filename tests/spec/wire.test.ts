// The canonical bundle shows what to send; the wire bundle accepts what Google's server accepts
// (GUIDE §3: nulls, snake_case names, lower-case Schema types, a lone object for a list) and still
// rejects what is wrong.
import { describe, expect, test } from "vitest";
import { formatErrors } from "../../src/validate.ts";
import { bundle, providers } from "../helpers/bundles.ts";

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
};

const wrong: Record<string, unknown> = {
  "contents missing": { generationConfig: { temperature: 0.2 } },
  "contents a number": { contents: 5 },
  "temperature a word": { contents: [{ parts: [{ text: "hi" }] }], generationConfig: { temperature: "hot" } },
  "unknown Schema.type": { contents: [{ parts: [{ text: "x" }] }], generationConfig: { responseSchema: { type: "banana" } } },
  "unknown modality": { contents: [{ parts: [{ text: "x" }] }], generationConfig: { responseModalities: ["SMELL"] } },
  "unknown harm category": { contents: [{ parts: [{ text: "x" }] }], safetySettings: [{ category: "HARM_CATEGORY_BOREDOM", threshold: "BLOCK_NONE" }] },
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
});
