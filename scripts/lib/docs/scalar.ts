// Renders one bundle into a self-contained Scalar API reference page: Scalar's standalone browser build, the
// bundle and a small start-up script, all inline, so the single file works offline. Scalar is the renderer
// because its "Test request" console sends real requests from the page and shows a text/event-stream answer
// as it arrives; Redoc, the previous renderer, has no console.
//
// The console needs somewhere to send requests. The page asks the server it came from for `mocks.json`
// (served by serve.ts: provider id → the local mock's base URL); when that names a mock for this provider,
// the mock becomes the first server and the provider's auth is filled in with a placeholder key (the mocks
// accept any non-empty key). Opened as a plain file, or from a server that names no mock, the page is the
// same reference without the console, so it never sends a request anywhere.
//
// What the page shows differs from the bundle in two ways (see presentationCopy): Scalar 1.46 reads neither
// 3.2's `itemSchema` nor the bundle's `x-itemSchema`, so the stream's media type shows the chunk schema, with
// a sentence saying so; and the console sends the optional query parameters' examples (the `alt=sse` the
// stream needs, the model list's `pageSize`).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { escapeHtml } from "./index-page.ts";

const require = createRequire(import.meta.url);

/**
 * Scalar's standalone build (@scalar/api-reference 1.46.4, the last release whose packages all install on
 * Node 20). It is taken from @scalar/fastify-api-reference, which embeds the same file and needs 25
 * packages instead of @scalar/api-reference's 299.
 */
export const SCALAR_STANDALONE = path.join(path.dirname(require.resolve("@scalar/fastify-api-reference")), "js", "standalone.js");

/** The placeholder the console fills in as the key when it talks to a mock (any non-empty key works there). */
export const MOCK_KEY = "mock-key";

/**
 * Run-time URLs in Scalar's script: the web fonts it would load from its CDN (the page turns the default fonts
 * off and uses the system's). Each becomes an empty data: URL so the page cannot fetch them even if asked.
 */
export const RUNTIME_URL_PATTERN = /https:\/\/fonts\.scalar\.com\/[\w.-]+\.woff2/g;

const SSE = "text/event-stream";
type Doc = Record<string, any>;

/** Text safe inside an inline <script>: nothing the HTML parser could read as the end of the script. */
export function scriptSafe(code: string): string {
  // \u003C is "<" in a JS string, a regular expression and JSON alike.
  return code.replace(/<!--/g, "\\u003C!--").replace(/<(\/?)script/gi, "\\u003C$1script");
}

/** Said on the page where the stream's schema is shown in place of `string`. */
export const STREAM_NOTE = "On this page, the `text/event-stream` body shows the schema of one event's `data:` payload, a"
  + " chunk: what the media type's `x-itemSchema` describes (`itemSchema` in the OpenAPI 3.2 edition).";

/**
 * The bundle as the page shows it. Where a response's `text/event-stream` carries `x-itemSchema`, its
 * `schema` becomes the schema of one event's `data:` payload and the response's description says so, so the
 * reader sees the chunk's fields instead of `string`. The published artefacts are untouched; this copy only
 * feeds the page.
 */
export function presentationCopy(bundle: Doc): Doc {
  const doc = structuredClone(bundle);
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const response = node as Doc;
    const payload = response.content?.[SSE]?.["x-itemSchema"]?.properties?.data?.contentSchema;
    if (payload) {
      response.content[SSE].schema = payload;
      response.description = `${response.description.trim()}\n\n${STREAM_NOTE}`;
      chunkFirst(doc, payload);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(doc.paths);
  visit(doc.components?.responses);
  // The console leaves an optional parameter out unless the example it starts from says otherwise; it starts
  // from the request body's example of that name (`default` for an operation without a body). Send each
  // optional query parameter's example with each: `alt=sse`, so that a test request of the stream gets the
  // server-sent events the page describes, and the model list's `pageSize`.
  const exampleNames = new Set(["default"]);
  for (const item of Object.values<Doc>(doc.paths ?? {})) {
    for (const operation of Object.values<Doc>(item)) {
      for (const media of Object.values<Doc>(operation?.requestBody?.content ?? {})) Object.keys(media.examples ?? {}).forEach((n) => exampleNames.add(n));
    }
  }
  for (const parameter of Object.values<Doc>(doc.components?.parameters ?? {})) {
    if (parameter.in !== "query" || parameter.required || parameter.example === undefined) continue;
    parameter.examples = Object.fromEntries([...exampleNames].map((name) => [name, { value: parameter.example, "x-disabled": false }]));
    delete parameter.example;
  }
  return doc;
}

/**
 * The bundle lists the frame's error envelope first (what a frame with `error` must be); the page shows the
 * chunk first, since that is what a reader is after. The order of `anyOf` does not change what validates.
 */
function chunkFirst(doc: Doc, ref: Doc) {
  const frame = typeof ref.$ref === "string" ? doc.components?.schemas?.[ref.$ref.split("/").pop()!] : undefined;
  const isError = (branch: Doc) => !!doc.components?.schemas?.[String(branch.$ref).split("/").pop()!]?.["x-error-shape"];
  if (Array.isArray(frame?.anyOf)) frame.anyOf = [...frame.anyOf.filter((b: Doc) => !isError(b)), ...frame.anyOf.filter(isError)];
}

export interface PageLink {
  href: string;
  label: string;
  /** what the link holds, shown on hover */
  title?: string;
  /** offered as a download rather than opened */
  download?: boolean;
}

// Runs in the browser: picks up the local mock (if the server names one), then starts Scalar.
const BOOT = `
(async () => {
  const doc = JSON.parse(document.getElementById("docs-spec").textContent);
  const page = JSON.parse(document.getElementById("docs-page").textContent);
  let mock = null;
  if (location.protocol === "http:" || location.protocol === "https:") {
    try {
      const answer = await fetch("mocks.json", { cache: "no-store" });
      if (answer.ok) mock = (await answer.json())[page.provider] ?? null;
    } catch {}
  }
  const config = {
    content: doc,
    telemetry: false,
    withDefaultFonts: false,
    agent: { disabled: true },
    documentDownloadType: "none",
    hideClientButton: true,
    defaultOpenAllTags: true,
    expandAllResponses: true,
    hideTestRequestButton: !mock,
    showDeveloperTools: "never",
  };
  if (mock) {
    config.servers = [{ url: mock, description: "Local mock (npm start): answers with this provider's examples" }, ...(doc.servers ?? [])];
    const schemes = Object.fromEntries(Object.entries(doc.components?.securitySchemes ?? {}).map(([name, scheme]) =>
      [name, scheme.type === "http" ? { token: page.mockKey } : { value: page.mockKey }]));
    // The first security requirement; a list when it needs several schemes together (kkiai: Bearer and ?key=).
    const first = Object.keys(doc.security?.[0] ?? {});
    config.authentication = { preferredSecurityScheme: [first.length === 1 ? first[0] : first], securitySchemes: schemes };
  }
  document.body.dataset.console = mock ? "mock" : "none";
  if (mock) document.getElementById("docs-console").textContent = "Test requests go to the local mock at " + mock + ", with the key " + page.mockKey + ".";
  Scalar.createApiReference("#docs-app", config);
})();
`;

export interface ProviderPageOptions {
  /** the page's title */
  title: string;
  /** provider id, the key of this provider in mocks.json */
  provider: string;
  /** links shown in the bar above the reference: back to the index, the downloads */
  links: PageLink[];
}

/** The HTML of one provider's page. */
export function renderScalarPage(bundle: Doc, { title, provider, links }: ProviderPageOptions): string {
  const scalar = fs.readFileSync(SCALAR_STANDALONE, "utf8").replace(RUNTIME_URL_PATTERN, "data:font/woff2;base64,");
  const nav = links.map((l) => `<a href="${escapeHtml(l.href)}"${l.title ? ` title="${escapeHtml(l.title)}"` : ""}`
    + `${l.download ? " download" : ""}>${escapeHtml(l.label)}</a>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  #docs-bar { font: 13px/1.5 system-ui, sans-serif; padding: 6px 12px; border-bottom: 1px solid #d0d0d7; background: #f7f7fa; color: #1b1b1f; }
  #docs-bar a { color: #0044d4; margin-right: 10px; white-space: nowrap; }
  #docs-bar .label { color: #55555f; margin-right: 6px; }
  #docs-console { color: #55555f; }
  body { margin: 0; }
</style>
</head>
<body>
<nav id="docs-bar" aria-label="Pages and downloads">${nav[0] ?? ""} <span class="label">Download:</span>${nav.slice(1).join("")}
<span id="docs-console"></span></nav>
<div id="docs-app"></div>
<script id="docs-page" type="application/json">${scriptSafe(JSON.stringify({ provider, mockKey: MOCK_KEY }))}</script>
<script id="docs-spec" type="application/json">${scriptSafe(JSON.stringify(presentationCopy(bundle)))}</script>
<script>${scriptSafe(scalar)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
