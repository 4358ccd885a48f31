// Builds the committed cassettes from their sources, so they can be regenerated and checked against them:
// - google: every exchange of ../shared/corpus, as recorded;
// - gateways: the exchanges their documentation pages (../shared/seeds) show, labelled documented examples;
//   the gateway's own error envelope as the field guide quotes it from the gateway's source; and a few of
//   Google's recorded responses, which the gateways relay unchanged, labelled upstream recordings.
import fs from "node:fs";
import path from "node:path";
import { corpusDir, corpusRecords, type CorpusRecord } from "../corpus.ts";
import { providerIds, repoRoot } from "../providers.ts";
import type { Cassette, Operation } from "./cassette.ts";
import { redactCassette } from "./redact.ts";

const sharedDir = path.resolve(repoRoot, "..", "shared");
const seedsDir = path.join(sharedDir, "seeds");
const guideFile = path.join(sharedDir, "GUIDE.md");
const JSON_HEADERS = { "content-type": "application/json" };

/** Google recordings each gateway relays: a text reply with its request, an SSE stream, an image stream, a 400. */
const UPSTREAM = ["vercel-ai/17.json", "firebase-sdk-test-data/7.json", "firebase-sdk-test-data/27.json", "vercel-ai/5.json"];

function splitUrl(url: string | null): { path: string | null; query: Record<string, string> } {
  if (!url) return { path: null, query: {} };
  const parsed = new URL(url, "http://origin.invalid");
  return { path: parsed.pathname, query: Object.fromEntries(parsed.searchParams) };
}

const operationOf = (record: CorpusRecord): Operation =>
  /:streamGenerateContent/.test(record.request.url ?? "") || record.response.events || Array.isArray(record.response.body)
    ? "streamGenerateContent" : "generateContent";

export function fromCorpus(provider: string, id: string, record: CorpusRecord, source: Cassette["source"], note?: string): Cassette {
  const { path: wirePath, query } = splitUrl(record.request.url);
  const { status, contentType, body, events } = record.response;
  const origin = `shared/corpus/${id} (${record.source.repo} ${record.source.path} @ ${record.source.commit.slice(0, 12)})`;
  return {
    provider,
    operation: operationOf(record),
    source,
    origin,
    ...(note || record.note ? { note: [note, record.note].filter(Boolean).join(" ") } : {}),
    request: { method: record.request.method, path: wirePath, query, headers: record.request.headers, body: record.request.body ?? null },
    response: { status, headers: { "content-type": contentType }, ...(events ? { sseEvents: events } : { body }) },
  };
}

/** The JSON value that starts at the first `{` after `marker` in a documentation page. */
export function jsonAfter(text: string, marker: string | RegExp): any {
  const at = typeof marker === "string" ? text.indexOf(marker) : text.search(marker);
  if (at < 0) throw new Error(`marker ${marker} not found`);
  const start = text.indexOf("{", at);
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      if (--depth === 0) return JSON.parse(text.slice(start, i + 1));
    }
  }
  throw new Error(`unbalanced JSON after ${marker}`);
}

const seed = (file: string) => ({ file: `shared/seeds/${file}`, text: fs.readFileSync(path.join(seedsDir, file), "utf8") });
const match = (text: string, pattern: RegExp) => {
  const m = pattern.exec(text);
  if (!m) throw new Error(`pattern ${pattern} not found`);
  return m;
};
/** `--header 'Name: value'` pairs of a curl sample. */
const curlHeaders = (sample: string) =>
  Object.fromEntries([...sample.matchAll(/--header '([^:']+):\s*([^']*)'/g)].map((m) => [m[1], m[2]]));

function documented(provider: string, origin: string, note: string, url: string, headers: Record<string, string>,
  body: unknown, status: number, responseBody: unknown): Cassette {
  const { path: wirePath, query } = splitUrl(url);
  return {
    provider, operation: "generateContent", source: "documented-example", origin, note,
    request: { method: "POST", path: wirePath, query, headers, body },
    response: { status, headers: JSON_HEADERS, body: responseBody },
  };
}

/** The exchanges each gateway's documentation page shows (selfhosted documents requests only, so none). */
function seedCassettes(): Record<string, Cassette> {
  const tikhub = seed("000_865dfa2e90906784.txt");
  const tikhubCurl = match(tikhub.text, /curl --location --request POST '([^']+)'([\s\S]*?)--data-raw/);
  const kkiai = seed("001_bbc2d3e23a33ca56.txt");
  const kkiaiCurl = match(kkiai.text, /curl --location -g --request POST '([^']+)'([\s\S]*?)--data-raw/);
  const serevixai = seed("002_336558b9cb788e74.txt");
  const serevixaiHttp = match(serevixai.text, /^POST (\S+)\n((?:[\w-]+: .*\n)+)/m);
  const httpHeaders = Object.fromEntries(serevixaiHttp[2].trim().split("\n").map((l) => l.split(/:\s*/, 2)));
  return {
    "tikhub/docs-generateContent-200": documented("tikhub", tikhub.file, "Request and 200 response shown on TikHub's \"Gemini content\" page.",
      tikhubCurl[1], curlHeaders(tikhubCurl[2]), jsonAfter(tikhub.text, "Body Params application/json"), 200, jsonAfter(tikhub.text, "200OK")),
    "kkiai/docs-generateContent-200": documented("kkiai", kkiai.file, "Request and 200 response shown on kkiai's image generation page; the documented reply is an empty object.",
      kkiaiCurl[1], curlHeaders(kkiaiCurl[2]), jsonAfter(kkiai.text, "Request Example"), 200, jsonAfter(kkiai.text, "Response Example")),
    "serevixai/docs-generateContent-200": documented("serevixai", serevixai.file, "Chat request (4.1) and response example (5) of serevixai's Gemini native API page.",
      `https://gateway.serevixai.ai${serevixaiHttp[1]}`, httpHeaders, jsonAfter(serevixai.text, serevixaiHttp[0]), 200, jsonAfter(serevixai.text, "5. Response Example")),
  };
}

/** The gateway's own 401 envelope, as the field guide quotes it from the open-source gateway's code. */
function gatewayError(provider: string): Cassette {
  const guide = fs.readFileSync(guideFile, "utf8");
  const body = JSON.parse(match(guide, /OpenAI-shaped errors\*\* from the gateway itself: `(\{[^`]+\})`/)[1]);
  return {
    provider, operation: "generateContent", source: "documented-example",
    origin: "shared/GUIDE.md §2 (error envelope of the new-api gateway, read from its source)",
    note: "The body a new-api gateway answers an invalid token with (401), before anything reaches Google; the request is not part of the source.",
    request: { method: "POST", path: null, query: {}, headers: {}, body: null },
    response: { status: 401, headers: JSON_HEADERS, body },
  };
}

/** Every committed cassette, by its path under tests/fixtures/recorded without `.json`. */
export function buildCassettes(): Map<string, Cassette> {
  const out = new Map<string, Cassette>();
  const records: Array<{ id: string; record: CorpusRecord }> = corpusRecords(corpusDir);
  for (const { id, record } of records) {
    out.set(`google/corpus-${id.replace("/", "-").replace(/\.json$/, "")}`, fromCorpus("google", id, record, "recorded"));
  }
  const gateways = providerIds().filter((id) => id !== "google");
  for (const [name, cassette] of Object.entries(seedCassettes())) out.set(name, cassette);
  for (const provider of gateways) {
    out.set(`${provider}/docs-gateway-401`, gatewayError(provider));
    for (const id of UPSTREAM) {
      const record = records.find((r) => r.id === id);
      if (!record) throw new Error(`corpus record ${id} is missing`);
      out.set(`${provider}/upstream-${id.replace("/", "-").replace(/\.json$/, "")}`, fromCorpus(provider, id, record.record, "upstream-recording",
        "Recorded from Google; gateways built on new-api relay Google's response body unchanged (the request shown is the one sent to Google)."));
    }
  }
  // Documentation shows placeholders where keys go; store them as every cassette stores credentials.
  for (const [name, cassette] of out) out.set(name, redactCassette(cassette, []));
  return out;
}
