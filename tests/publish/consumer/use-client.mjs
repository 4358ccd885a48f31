// Runs inside a fresh project that installed the packed tarball: uses the client against a local server
// and reads spec files through the package's exports map. Prints one JSON line with what it saw.
// Usage: node use-client.mjs <provider>...
import http from "node:http";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { createGeminiClient, GeminiApiError } from "gemini-native-openapi";
import spec from "gemini-native-openapi/google/openapi.json" with { type: "json" };

const seen = [];
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c)).on("end", () => {
    seen.push({ method: req.method, url: req.url, key: req.headers["x-goog-api-key"], body: body ? JSON.parse(body) : undefined });
    if (req.url.includes("unknown-model")) {
      res.writeHead(404, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: { code: 404, message: "models/unknown-model is not found", status: "NOT_FOUND" } }));
    }
    const chunk = (text, done) => ({ candidates: [{ content: { role: "model", parts: [{ text }] }, ...(done ? { finishReason: "STOP" } : {}) }] });
    if (req.url.includes(":countTokens")) return json(res, { totalTokens: 1 });
    // Two pages of models, as Google pages them.
    if (req.url.startsWith("/v1beta/models?")) {
      const second = req.url.includes("pageToken=");
      return json(res, { models: [{ name: second ? "models/b" : "models/a", version: "1" }], ...(second ? {} : { nextPageToken: "p2" }) });
    }
    if (req.url.includes(":streamGenerateContent")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      return res.end(`data: ${JSON.stringify(chunk("Hel"))}\r\n\r\ndata: ${JSON.stringify(chunk("lo", true))}\r\n\r\n`);
    }
    json(res, chunk("Hello", true));
  });
});
const json = (res, body) => (res.writeHead(200, { "content-type": "application/json" }), res.end(JSON.stringify(body)));
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const client = createGeminiClient({ provider: "google", apiKey: "test-key", baseUrl });
const request = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
const reply = await client.generateContent("gemini-2.5-flash", request);
const streamed = [];
for await (const chunk of client.streamGenerateContent("gemini-2.5-flash", request)) streamed.push(chunk.candidates[0].content.parts[0].text);
let error;
try {
  await client.generateContent("unknown-model", request);
} catch (e) {
  error = { isGeminiApiError: e instanceof GeminiApiError, status: e.status, code: e.code };
}
const tokens = (await client.countTokens("gemini-2.5-flash", request)).totalTokens;
const models = [];
for await (const model of client.listAllModels({ pageSize: 1 })) models.push(model.name);
// tikhub serves generation only: refused before anything is sent.
const tikhub = createGeminiClient({ provider: "tikhub", apiKey: "test-key", baseUrl });
const refused = await tikhub.countTokens("gemini-2.5-flash", request).catch((e) => ({ isGeminiApiError: e instanceof GeminiApiError, code: e.code }));
server.close();

// Every artefact of every provider named on the command line, resolved through the exports map.
const artefacts = ["openapi.json", "openapi.yaml", "openapi.dereferenced.json", "openapi.3.0.json", "openapi.3.2.json", "openapi.3.2.yaml", "openapi.wire.json"];
const files = {};
for (const provider of process.argv.slice(2)) {
  for (const artefact of artefacts) {
    const text = fs.readFileSync(fileURLToPath(import.meta.resolve(`gemini-native-openapi/${provider}/${artefact}`)), "utf8");
    files[`${provider}/${artefact}`] = artefact.endsWith(".json") ? { openapi: JSON.parse(text).openapi } : text.slice(0, 40);
  }
}

console.log(JSON.stringify({
  text: reply.candidates[0].content.parts[0].text,
  streamed,
  error,
  tokens,
  models,
  refused,
  requests: seen.map((s) => ({ method: s.method, path: s.url, key: s.key, text: s.body?.contents[0].parts[0].text })),
  spec: { openapi: spec.openapi, operations: Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => op.operationId).filter(Boolean)) },
  files,
}));
