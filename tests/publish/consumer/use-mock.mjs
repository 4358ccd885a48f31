// Runs inside a fresh project that installed the package: starts a mock in-process with the library entry
// point, the way a test set-up would, and calls it with the package's client. Prints one JSON line.
// Usage: node use-mock.mjs <provider>
import { createGeminiClient, GeminiApiError } from "gemini-native-openapi";
import { mockProviders, startMock } from "gemini-native-openapi/mock";

const provider = process.argv[2];
const started = performance.now();
const mock = await startMock({ provider, port: 0, key: "the-key" });
const startMs = performance.now() - started;
const request = { contents: [{ role: "user", parts: [{ text: "Hi" }] }] };
const client = createGeminiClient({ provider, apiKey: "the-key", baseUrl: mock.baseUrl });
const reply = await client.generateContent("gemini-2.5-flash", request);
const frames = [];
for await (const chunk of client.streamGenerateContent("gemini-2.5-flash", request)) frames.push(chunk.candidates?.[0]?.content?.parts?.[0]?.text);
let wrongKey;
try {
  await createGeminiClient({ provider, apiKey: "another-key", baseUrl: mock.baseUrl }).generateContent("gemini-2.5-flash", request);
} catch (error) {
  wrongKey = error instanceof GeminiApiError ? error.status : String(error);
}
let badBody;
try {
  await client.generateContent("gemini-2.5-flash", { contents: [{ parts: [{ text: 5 }] }] });
} catch (error) {
  badBody = error instanceof GeminiApiError ? { status: error.status, code: error.code } : String(error);
}
await mock.close();
console.log(JSON.stringify({
  providers: mockProviders(), url: mock.url, baseUrl: mock.baseUrl, startMs,
  text: reply.candidates?.[0]?.content?.parts?.[0]?.text, frames: frames.length, wrongKey, badBody,
}));
