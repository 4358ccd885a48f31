// Builds the committed cassettes from their sources in this repository, so they can be regenerated and checked:
// - google: every exchange of tests/fixtures/corpus, as recorded;
// - gateways: the exchange each documentation page shows, as the spec's examples hold it, labelled documented
//   examples; the gateway's own error envelope (the spec's example, read from the gateway's source); and a few
//   of Google's recorded responses, which the gateways relay unchanged, labelled upstream recordings.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { bundlePaths, providerIds, readJson, repoRoot, specDir } from "../providers.ts";
import type { Cassette, Operation } from "../../../src/contract/cassette.ts";
import { type CorpusRecord, corpusOperation, fromCorpus, splitUrl } from "../../../src/contract/corpus-record.ts";
import { resolveRef } from "../../../src/validate.ts";
import { bundleExamples } from "../examples.ts";
import { redactCassette } from "../../../src/contract/redact.ts";
import { corpusDir, corpusRecords } from "../corpus.ts";

const JSON_HEADERS = { "content-type": "application/json" };

/** Google recordings each gateway relays: a text reply with its request, an SSE stream, an image stream, a 400. */
const UPSTREAM = ["vercel-ai/17.json", "firebase-sdk-test-data/7.json", "firebase-sdk-test-data/27.json", "vercel-ai/5.json"];

/** The spec's own example files (`examples/<operationId>/<request|status>/<name>.yaml`) of a provider or of all. */
const exampleFile = (...parts: string[]) => path.join(specDir, ...parts);
const readExample = (file: string) => ({ file: path.relative(repoRoot, file), example: YAML.parse(fs.readFileSync(file, "utf8")) });

/**
 * The exchanges each gateway's documentation page shows, as the spec holds them: a request example that carries
 * `x-documented-request` (the URL and headers the page shows) and the 200 example of the same name.
 */
function documentedCassettes(provider: string): Record<string, Cassette> {
  const dir = exampleFile("providers", provider, "examples", "generateContent", "request");
  const out: Record<string, Cassette> = {};
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    const request = readExample(path.join(dir, name));
    const shown = request.example["x-documented-request"];
    if (!shown) continue;
    const reply = readExample(path.join(dir, "..", "200", name));
    const { path: wirePath, query } = splitUrl(shown.url);
    out[`${provider}/docs-generateContent-200`] = {
      provider, operation: "generateContent", source: "documented-example",
      origin: `${shown.page}; as copied into ${request.file} and ${reply.file}`,
      note: `${request.example.summary}, and the 200 response the same page shows.`,
      request: { method: "POST", path: wirePath, query, headers: shown.headers, body: request.example.value },
      response: { status: 200, headers: JSON_HEADERS, body: reply.example.value },
    };
  }
  return out;
}

/** The gateway's own 401 envelope, as the spec's shared example holds it (read from the gateway's source). */
function gatewayError(provider: string): Cassette {
  const { file, example } = readExample(exampleFile("examples", "errors", "401", "gateway-invalid-token.yaml"));
  return {
    provider, operation: "generateContent", source: "documented-example",
    origin: `${file} (error envelope of the new-api gateway, read from its source)`,
    note: "The body a new-api gateway answers an invalid token with (401), before anything reaches Google; the request is not part of the source.",
    request: { method: "POST", path: null, query: {}, headers: {}, body: null },
    response: { status: 401, headers: JSON_HEADERS, body: example.value },
  };
}

/**
 * For each operation beyond generation that a provider serves and no recording shows: the exchange its spec
 * documents (its first request example and first 200 example), so that replays cover every operation served.
 */
function specCassettes(provider: string, recorded: Set<string>): Record<string, Cassette> {
  const doc = readJson(bundlePaths(provider).json);
  const examples = bundleExamples(doc);
  const out: Record<string, Cassette> = {};
  for (const [template, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      const operation = op?.operationId as Operation | undefined;
      if (!operation || operation === "generateContent" || operation === "streamGenerateContent" || recorded.has(operation)) continue;
      const request = examples.find((e) => e.operationId === operation && e.target === "request");
      const reply = examples.find((e) => e.operationId === operation && e.target === "200" && e.mediaType === "application/json");
      if (!reply) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => resolveRef(doc, p));
      const model = params.find((p: any) => p.in === "path" && p.name === "model");
      const path = template.replace("{model}", String(model?.example ?? ""));
      out[`${provider}/spec-${operation}-200`] = {
        provider, operation, source: "documented-example",
        origin: `spec: the ${operation} examples of ${provider}'s bundle (request ${request?.name ?? "none"}, 200 ${reply.name})`,
        note: `${operation} as the spec documents it; no recording of this operation was found for ${provider}.`,
        request: { method: method.toUpperCase(), path: (doc.servers?.[0]?.url ?? "").replace(/^[a-z]+:\/\/[^/]*/i, "") + path, query: {}, headers: {}, body: request?.value ?? null },
        response: { status: 200, headers: JSON_HEADERS, body: reply.value },
      };
    }
  }
  return out;
}

/** Every committed cassette, by its path under tests/fixtures/recorded without `.json`. */
export function buildCassettes(): Map<string, Cassette> {
  const out = new Map<string, Cassette>();
  const records: Array<{ id: string; record: CorpusRecord }> = corpusRecords(corpusDir);
  for (const { id, record } of records) {
    out.set(`google/corpus-${id.replace("/", "-").replace(/\.json$/, "")}`, fromCorpus("google", `tests/fixtures/corpus/${id}`, record, "recorded"));
  }
  const recordedOperations = new Set(records.map((r) => corpusOperation(r.record)));
  for (const [name, cassette] of Object.entries(specCassettes("google", recordedOperations))) out.set(name, cassette);
  const gateways = providerIds().filter((id) => id !== "google");
  for (const provider of gateways) {
    for (const [name, cassette] of Object.entries(documentedCassettes(provider))) out.set(name, cassette);
    for (const [name, cassette] of Object.entries(specCassettes(provider, new Set()))) out.set(name, cassette);
    out.set(`${provider}/docs-gateway-401`, gatewayError(provider));
    for (const id of UPSTREAM) {
      const record = records.find((r) => r.id === id);
      if (!record) throw new Error(`corpus record ${id} is missing`);
      out.set(`${provider}/upstream-${id.replace("/", "-").replace(/\.json$/, "")}`, fromCorpus(provider, `tests/fixtures/corpus/${id}`, record.record, "upstream-recording",
        "Recorded from Google; gateways built on new-api relay Google's response body unchanged (the request shown is the one sent to Google)."));
    }
  }
  // Documentation shows placeholders where keys go; store them as every cassette stores credentials.
  for (const [name, cassette] of out) out.set(name, redactCassette(cassette, []));
  return out;
}
