// The official SDK (@google/genai) pointed at the google mock, configured only with `httpOptions.baseUrl`
// as a user would: every call succeeds and parses. The mock sees the SDK's real requests (its default
// `/v1/` path, its own field names), so this fails if the wire bundle rejects anything the SDK sends.
import { FunctionCallingConfigMode, GoogleGenAI, HarmBlockThreshold, HarmCategory, ThinkingLevel, Type, type GenerateContentConfig } from "@google/genai";
import { describe, expect, test } from "vitest";
import { KEY, mockOf } from "./helpers.ts";

const client = (prefer?: string) => new GoogleGenAI({
  apiKey: KEY,
  httpOptions: { baseUrl: mockOf("google").baseUrl, ...(prefer ? { headers: { Prefer: prefer } } : {}) },
});

const everything: GenerateContentConfig = {
  systemInstruction: "Answer in one short sentence.",
  temperature: 0.4,
  topP: 0.9,
  maxOutputTokens: 256,
  stopSequences: ["###"],
  seed: 7,
  safetySettings: [
    { category: HarmCategory.HARM_CATEGORY_HARASSMENT, threshold: HarmBlockThreshold.BLOCK_ONLY_HIGH },
    { category: HarmCategory.HARM_CATEGORY_DANGEROUS_CONTENT, threshold: HarmBlockThreshold.BLOCK_MEDIUM_AND_ABOVE },
  ],
  tools: [{
    functionDeclarations: [
      {
        name: "get_weather",
        description: "Current weather for a city.",
        parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING }, unit: { type: Type.STRING, enum: ["c", "f"] } }, required: ["city"] },
      },
      { name: "search", description: "Search the web.", parametersJsonSchema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } },
    ],
  }],
  toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } },
  thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
};

describe("@google/genai against the google mock", () => {
  test("generateContent with system instruction, safety settings, tools and thinking", async () => {
    const res = await client().models.generateContent({ model: "gemini-2.5-flash", contents: "What is the weather in Paris?", config: everything });
    expect(res.text).toMatch(/\w/);
    expect(res.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
  });

  test("function calls come back parsed", async () => {
    const res = await client("example=function-calling").models.generateContent({ model: "gemini-2.5-flash", contents: "Weather in Paris?", config: everything });
    expect(res.functionCalls?.length).toBeGreaterThan(0);
    expect(res.functionCalls![0].name).toBeTruthy();
  });

  test("thinking level, as Gemini 3 takes it", async () => {
    const res = await client("example=thinking").models.generateContent({
      model: "gemini-3-pro-preview",
      contents: "How many primes are below 50?",
      config: { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW, includeThoughts: true } },
    });
    expect(res.candidates?.[0].content?.parts?.some((p) => p.thought)).toBe(true);
  });

  test("image generation with image config and an input image", async () => {
    const res = await client("example=image-generation").models.generateContent({
      model: "gemini-2.5-flash-image",
      contents: [{ role: "user", parts: [{ text: "A lighthouse at dusk" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgoAAAANSUhEUg==" } }] }],
      config: { responseModalities: ["TEXT", "IMAGE"], imageConfig: { aspectRatio: "16:9" } },
    });
    expect(res.data).toBeTruthy();
  });

  test("JSON output, with an OpenAPI-style schema and with a JSON Schema", async () => {
    const ai = client("example=json-output");
    const typed = await ai.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "List two fruits.",
      config: {
        responseMimeType: "application/json",
        responseSchema: { type: Type.ARRAY, items: { type: Type.OBJECT, properties: { name: { type: Type.STRING } }, propertyOrdering: ["name"] } },
      },
    });
    expect(() => JSON.parse(typed.text!)).not.toThrow();
    const jsonSchema = await ai.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "List two fruits.",
      config: { responseMimeType: "application/json", responseJsonSchema: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } } },
    });
    expect(() => JSON.parse(jsonSchema.text!)).not.toThrow();
  });

  test("generateContentStream with the same configuration yields every chunk", async () => {
    const stream = await client().models.generateContentStream({ model: "gemini-2.5-flash", contents: "Write a haiku about rain.", config: everything });
    const texts: string[] = [];
    for await (const chunk of stream) texts.push(chunk.text ?? "");
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join("")).toMatch(/rain/i);
  });

  test("the SDK's v1beta setting works too, and errors surface as the SDK's ApiError", async () => {
    const beta = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: mockOf("google").baseUrl, apiVersion: "v1beta" } });
    expect((await beta.models.generateContent({ model: "gemini-2.5-flash", contents: "hi" })).text).toBeTruthy();
    await expect(client("code=429").models.generateContent({ model: "gemini-2.5-flash", contents: "hi" }))
      .rejects.toMatchObject({ status: 429 });
  });
});
