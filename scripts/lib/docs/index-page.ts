// Renders dist/docs/index.html: one column per provider, one row per fact and one per operation (whether the
// provider serves it, where, and on what evidence), each cell tagged with data-provider and data-field so tests
// can read it back. Only labels are written here; every value is a ProviderFacts field, i.e. comes from the
// provider's bundle. Above the table, each provider's page and the downloads of its artefacts. Self-contained
// (inline CSS, no script, no font).
import type { OperationFacts, ProviderFacts, SchemeFacts, Served } from "./facts.ts";

export const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Spec text (CommonMark in descriptions) to HTML: escaped, with `code` and **strong** spans kept. */
export function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const list = (items: string[]) => `<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`;

function scheme(s: SchemeFacts): string {
  const where = s.type === "apiKey"
    ? `${code(s.placement === "query" ? `?${s.name}=` : s.name ?? "")} ${escapeHtml(s.placement)}${s.placement === "query" ? " parameter" : ""}`
    : s.type === "http"
      ? code(`Authorization: ${s.placement.replace(/^./, (c) => c.toUpperCase())}`)
      : escapeHtml(s.placement);
  return `${where} <span class="scheme">(${escapeHtml(s.key)})</span>`;
}

interface Row { field: string; label: string; cell: (p: ProviderFacts) => string }

/** How each answer of x-gemini-provider.operations reads on the page. */
export const SERVED_LABELS: Record<Served, string> = { documented: "documented", inferred: "inferred", "not-served": "not served" };

/** The data-field of an operation's row. */
export const operationField = (operationId: string) => `operation:${operationId}`;

function operationCell(o: OperationFacts): string {
  return `<p class="served" data-served="${o.served}">${SERVED_LABELS[o.served]}</p>`
    + (o.route ? `<p class="route">${escapeHtml(o.route.method)} ${code(o.route.path)}</p>` : "")
    + `<details><summary>evidence</summary><p class="evidence">${inlineMarkdown(o.evidence)}</p></details>`;
}

/** One row per operation any provider names, in the order the providers name them. */
function operationRows(providers: ProviderFacts[]): Row[] {
  const ids = [...new Set(providers.flatMap((p) => p.operations.map((o) => o.operationId)))];
  return ids.map((operationId) => ({
    field: operationField(operationId),
    label: code(operationId),
    cell: (p) => {
      const found = p.operations.find((o) => o.operationId === operationId);
      if (!found) throw new Error(`docs: ${p.id}'s x-gemini-provider.operations does not say whether it serves ${operationId}`);
      return operationCell(found);
    },
  }));
}

const BEFORE_OPERATIONS: Row[] = [
  {
    field: "servers",
    label: "Base URL (<code>servers</code>)",
    cell: (p) => list(p.servers.map((s) => [
      code(s.url),
      ...s.variables.map((v) => `${code(`{${v.name}}`)} defaults to ${code(v.default)}${v.description ? ` — ${inlineMarkdown(v.description)}` : ""}`),
    ].join("<br>"))),
  },
  {
    field: "auth",
    label: "Auth (<code>security</code>)",
    cell: (p) => (p.auth.length > 1 ? `<p class="note">any one of:</p>` : "") + list([
      ...p.auth.map((alternative) => alternative.map(scheme).join(" <strong>and</strong> ")),
      ...p.requiredHeaders.map(([name, value]) => `${code(`${name}: ${value}`)} header, required`),
    ]),
  },
  {
    field: "pathPrefix",
    label: "Path prefix",
    cell: (p) => `<p class="prefix">${p.pathPrefix ? code(p.pathPrefix) : "none"}</p>`,
  },
];

const AFTER_OPERATIONS: Row[] = [
  {
    field: "models",
    label: "Models (<code>{model}</code> path parameters)",
    cell: (p) => p.modelParameters.map((m) =>
      `<p class="for">${code(m.component)}: ${m.operations.map(code).join(", ")}</p>`
      + list(m.models.map((model) => `${code(model.id)}${model.description ? ` — ${inlineMarkdown(model.description)}` : ""}`))
      + (m.otherModels ? `<p class="note">${inlineMarkdown(m.otherModels)}</p>` : "")).join(""),
  },
  {
    field: "streaming",
    label: "Streaming",
    cell: (p) => list([
      ...p.streaming.alt.map((a) => `${code(`alt=${a.value}`)}${a.description ? ` — ${inlineMarkdown(a.description)}` : ""}`),
      `without <code>alt=sse</code>: ${code(p.streaming.withoutAlt.mediaType)} — ${inlineMarkdown(p.streaming.withoutAlt.description)}`,
    ]),
  },
  {
    field: "errorShapes",
    label: "Error shapes",
    cell: (p) => list(p.errorShapes.map((e) =>
      `${code(e.shape)}: ${code(e.schema)} ${code(`{${e.members.map((m) => m.fields.length ? `"${m.name}": {${m.fields.map((f) => `"${f}"`).join(", ")}}` : `"${m.name}"`).join(", ")}}`)}`)),
  },
  {
    field: "answers",
    label: "Documented answers",
    cell: (p) => list([
      `documented by ${escapeHtml(p.name)}: ${p.answers.documented.map(code).join(", ")}`,
      ...(p.answers.inherited.length ? [`inherited from Google: ${p.answers.inherited.map(code).join(", ")}`] : []),
    ]),
  },
  {
    field: "quirks",
    label: "Quirks",
    cell: (p) => list(p.quirks.map(inlineMarkdown)),
  },
];

/** The rows every index has, whatever the operations; operationField(id) names the others. */
export const INDEX_FIELDS = [...BEFORE_OPERATIONS, ...AFTER_OPERATIONS].map((f) => f.field);

/** Links to a provider's artefacts, as copied next to the pages (<provider>/<file>). */
const downloads = (p: ProviderFacts, artefacts: Array<{ file: string; label: string }>) =>
  artefacts.map((a) => `<a href="${escapeHtml(`${p.id}/${a.file}`)}" title="${escapeHtml(a.label)}" download>${escapeHtml(a.file)}</a>`).join(" ");

export function renderIndexPage(providers: ProviderFacts[], artefacts: Array<{ file: string; label: string }> = []): string {
  const head = providers.map((p) =>
    `<th scope="col" data-provider="${escapeHtml(p.id)}" data-field="provider"><a href="${escapeHtml(p.page)}">${escapeHtml(p.name)}</a><br>${code(p.id)}</th>`).join("");
  const rows = [...BEFORE_OPERATIONS, ...operationRows(providers), ...AFTER_OPERATIONS].map(({ field, label, cell }) =>
    `<tr><th scope="row">${label}</th>${providers.map((p) => `<td data-provider="${escapeHtml(p.id)}" data-field="${field}">${cell(p)}</td>`).join("")}</tr>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gemini native API — providers compared</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1f; line-height: 1.4; }
  h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
  .pages li { margin: .2rem 0; }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; table-layout: fixed; min-width: 1200px; width: 100%; font-size: .85rem; }
  th, td { border: 1px solid #d0d0d7; padding: .5rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
  thead th { background: #f2f2f6; }
  tbody th { width: 9rem; background: #f7f7fa; }
  ul { margin: 0; padding-left: 1.1rem; }
  li { margin: 0 0 .3rem; }
  code { font-family: ui-monospace, monospace; font-size: .95em; background: #f2f2f6; padding: 0 .2em; border-radius: 3px; }
  .note, .prefix { margin: .3rem 0; }
  .note { color: #55555f; }
  .scheme { color: #55555f; }
  .downloads { font-size: .85rem; color: #55555f; }
  .downloads a { margin-right: .4rem; }
  .served { margin: 0 0 .3rem; font-weight: 600; }
  .served[data-served=documented] { color: #0a6b2d; }
  .served[data-served=inferred] { color: #8a5a00; }
  .served[data-served=not-served] { color: #8a8a94; }
  .route, .for, .evidence { margin: .3rem 0; }
  summary { cursor: pointer; color: #55555f; }
</style>
</head>
<body>
<h1>Gemini native API — providers compared</h1>
<p>Generated by <code>npm run docs</code> from each provider's bundle (<code>generated/&lt;provider&gt;/openapi.json</code>).
Every value in the table is read from those documents. An operation is <em>documented</em> when the provider's own
documentation shows it, <em>inferred</em> when it follows from the gateway software the provider runs, and
<em>not served</em> otherwise; each cell gives the evidence. Full reference, one page per provider (served by
<code>npm start</code>, each page can send test requests to that provider's local mock):</p>
<ul class="pages">
${providers.map((p) => `<li><a href="${escapeHtml(p.page)}">${escapeHtml(p.name)}</a> — ${escapeHtml(p.title)}`
  + (artefacts.length ? `<br><span class="downloads">download: ${downloads(p, artefacts)}</span>` : "") + "</li>").join("\n")}
</ul>
<div class="scroll">
<table id="providers">
<thead><tr><th scope="col">Fact</th>${head}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
</div>
</body>
</html>
`;
}
