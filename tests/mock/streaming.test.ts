// Every 200 example can be streamed: on streamGenerateContent a generateContent example becomes the chunks
// Google would send (text in pieces, a function call or inline data whole, usage growing, findings on the last
// chunk), each a valid response, as SSE and, at Google without `alt=sse`, as one JSON array.
import { describe, expect, test } from "vitest";
import { splitText, streamChunks } from "../../src/mock/chunks.ts";
import { formatErrors, parseSse } from "../../src/validate.ts";
import { bundleExamples } from "../../scripts/lib/examples.ts";
import { bundle, providers } from "../helpers/bundles.ts";
import { call } from "./helpers.ts";

const textOf = (responses: any[]) => responses.flatMap((r) => r.candidates ?? []).flatMap((c: any) => c.content?.parts ?? [])
  .filter((p: any) => typeof p.text === "string" && !p.thought).map((p: any) => p.text).join("");
const nonText = (responses: any[]) => responses.flatMap((r) => r.candidates ?? []).flatMap((c: any) => c.content?.parts ?? [])
  .filter((p: any) => typeof p.text !== "string");

describe.each(providers)("%s: generateContent examples on streamGenerateContent", (id) => {
  const { doc, validators } = bundle(id);
  const unary = bundleExamples(doc).filter((e) => e.operationId === "generateContent" && e.target === "200");
  const streamed = new Set(bundleExamples(doc).filter((e) => e.operationId === "streamGenerateContent" && e.target === "200").map((e) => e.name));
  const frameValid = validators.sseData("streamGenerateContent");

  test.each(unary.map((e) => [e.name, e] as const))("%s streams as valid chunks that add up to the example", async (name, e) => {
    const whole = e.value as any;
    const res = await call(id, "streamGenerateContent", { query: "alt=sse", headers: { prefer: `example=${name}` }, body: { contents: [{ parts: [{ text: "hi" }] }] } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const frames = parseSse(res.text) as any[];
    for (const frame of frames) expect(frameValid(frame), formatErrors(frameValid.errors)).toBe(true);
    if (streamed.has(name)) return; // the streaming operation's own example of that name, served as written
    expect(frames).toEqual(streamChunks(whole));
    expect(textOf(frames)).toBe(textOf([whole]));
    expect(nonText(frames)).toEqual(nonText([whole]));
    const last = frames.at(-1);
    expect(last.usageMetadata).toEqual(whole.usageMetadata);
    expect(last.candidates?.map((c: any) => c.finishReason)).toEqual(whole.candidates?.map((c: any) => c.finishReason));
    for (const frame of frames.slice(0, -1)) for (const c of frame.candidates ?? []) expect(c.finishReason).toBeUndefined();
  });
});

describe("chunks", () => {
  const response = (parts: unknown[]) => ({
    candidates: [{ index: 0, content: { role: "model", parts }, finishReason: "STOP", safetyRatings: [] }],
    usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 30, totalTokenCount: 37 },
    modelVersion: "gemini-2.5-flash",
    responseId: "r1",
  });

  test("a long text arrives in pieces, the usage grows, the finish reason comes last", () => {
    const text = "The sky looks blue because air scatters short wavelengths of sunlight far more than long ones.";
    const chunks = streamChunks(response([{ text, thoughtSignature: "c2ln" }]));
    expect(chunks.length).toBe(3);
    expect(chunks.map((c) => c.candidates[0].content.parts[0].text).join("")).toBe(text);
    expect(chunks.map((c) => c.candidates[0].content.parts[0].thoughtSignature)).toEqual([undefined, undefined, "c2ln"]);
    expect(chunks.map((c) => c.usageMetadata.candidatesTokenCount)).toEqual([...chunks.slice(0, -1).map((_c, i) => expect.any(Number)), 30]);
    const counts = chunks.map((c) => c.usageMetadata.candidatesTokenCount);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(counts[0]).toBeLessThan(30);
    for (const c of chunks) expect(c.usageMetadata.totalTokenCount).toBe(7 + c.usageMetadata.candidatesTokenCount);
    expect(chunks.map((c) => c.candidates[0].finishReason)).toEqual([undefined, undefined, "STOP"]);
    expect(chunks.every((c) => c.modelVersion === "gemini-2.5-flash" && c.responseId === "r1")).toBe(true);
  });

  test("a function call and inline data arrive whole, one chunk each", () => {
    const call = { functionCall: { name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "c2ln" };
    const image = { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } };
    const chunks = streamChunks(response([{ text: "Let me check." }, call, image]));
    expect(chunks.map((c) => c.candidates[0].content.parts)).toEqual([[{ text: "Let me check." }], [call], [image]]);
  });

  test("a response with nothing to split is its own single chunk", () => {
    const blocked = { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } };
    expect(streamChunks(blocked)).toEqual([blocked]);
    expect(splitText("short")).toEqual(["short"]);
  });
});

test("without alt=sse Google sends the same chunks as one JSON array", async () => {
  const res = await call("google", "streamGenerateContent", { headers: { prefer: "example=json-output" }, body: { contents: [{ parts: [{ text: "hi" }] }] } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const example = bundleExamples(bundle("google").doc).find((e) => e.operationId === "generateContent" && e.target === "200" && e.name === "json-output")!;
  expect(JSON.parse(res.text)).toEqual(streamChunks(example.value as any));
});
