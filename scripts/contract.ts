// Contract check of a provider against its spec: sends the fixed live suite (or reads recorded cassettes),
// validates status, content type, body and every SSE frame against generated/<provider>/openapi.json, prints a
// table of checks, writes the drift report, and exits 1 on any violation.
//
// Usage:
//   tsx scripts/contract.ts --provider <id> [--base-url URL] [--model M] [--image-model M] [--record] [--out DIR] [--skip CHECK,…]
//   tsx scripts/contract.ts --provider <id> --cassettes [DIR]
// The key comes from <PROVIDER>_API_KEY (e.g. TIKHUB_API_KEY); selfhosted also needs --base-url or SELFHOSTED_BASE_URL.
import path from "node:path";
import { parseArgs } from "node:util";
import { recordedDir } from "./lib/contract/cassette.ts";
import { checkCassette } from "./lib/contract/check-cassette.ts";
import type { CheckRow } from "./lib/contract/conformance.ts";
import { providerContext } from "./lib/contract/context.ts";
import { type DriftFinding, reportsDir, writeDriftReport } from "./lib/contract/drift.ts";
import { runLiveSuite } from "./lib/contract/live.ts";
import { loadCassettes } from "./lib/contract/load.ts";
import { scrub } from "./lib/contract/redact.ts";
import { SCENARIOS } from "./lib/contract/suite.ts";
import { formatTable } from "./lib/contract/table.ts";
import { providerIds } from "./lib/providers.ts";

const USAGE = `usage: npm run contract -- --provider <${providerIds().join("|")}> [--base-url URL] [--model M] [--image-model M]
                         [--record] [--out DIR] [--skip CHECK,…] [--timeout SECONDS] [--reports DIR]
       npm run contract -- --provider <id> --cassettes [DIR]
The key is read from <PROVIDER>_API_KEY (e.g. TIKHUB_API_KEY); selfhosted needs --base-url or SELFHOSTED_BASE_URL.
Checks: ${SCENARIOS.map((s) => s.name).join(", ")}.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      provider: { type: "string" }, "base-url": { type: "string" }, model: { type: "string" }, "image-model": { type: "string" },
      record: { type: "boolean" }, out: { type: "string" }, cassettes: { type: "boolean" }, reports: { type: "string" },
      timeout: { type: "string" }, skip: { type: "string" }, help: { type: "boolean", short: "h" },
    },
  });
}
try {
  args = parse();
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = args;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const provider = values.provider ?? fail("--provider is required");
if (!providerIds().includes(provider)) fail(`unknown provider "${provider}"; known: ${providerIds().join(", ")}`);
const unknownChecks = (values.skip?.split(",") ?? []).filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknownChecks.length) fail(`unknown check ${unknownChecks.join(", ")} in --skip`);
const ctx = providerContext(provider);
const reports = path.resolve(values.reports ?? reportsDir);

let rows: CheckRow[];
let drift: DriftFinding[];
let payloads: number;
let subject: string;
let secrets: string[] = [];

if (values.cassettes) {
  const dir = path.resolve(positionals[0] ?? path.join(recordedDir, provider));
  const { cassettes, refused } = loadCassettes(dir, provider);
  if (refused.length) fail(`cannot check ${dir}:\n  ${refused.join("\n  ")}`);
  if (!cassettes.length) fail(`no cassettes (*.json) in ${dir}`);
  rows = [];
  drift = [];
  payloads = 0;
  for (const { file, cassette } of cassettes) {
    const result = checkCassette(ctx, file.replace(/\.json$/, ""), cassette);
    rows.push(...result.rows);
    drift.push(...result.drift);
    payloads += result.payloads.length;
  }
  subject = `${cassettes.length} cassettes in ${path.relative(process.cwd(), dir) || dir}`;
} else {
  const variable = `${provider.toUpperCase()}_API_KEY`;
  const apiKey = process.env[variable] || fail(`${variable} is not set: the live suite needs a key for ${provider} (or use --cassettes)`);
  const baseUrl = values["base-url"] ?? process.env[`${provider.toUpperCase()}_BASE_URL`];
  if (!baseUrl && !ctx.doc.servers?.[0]?.url?.match(/^https?:\/\/[^{]+$/)) fail(`${provider} has no fixed server: pass --base-url or set ${provider.toUpperCase()}_BASE_URL`);
  secrets = [apiKey];
  const recordDir = values.record || values.out ? path.resolve(values.out ?? path.join(recordedDir, provider)) : undefined;
  const result = await runLiveSuite(ctx, {
    apiKey, baseUrl, model: values.model, imageModel: values["image-model"], recordDir,
    timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined, skip: values.skip?.split(","),
  });
  ({ rows, drift, payloads } = result);
  subject = `live traffic from ${baseUrl ?? ctx.doc.servers[0].url}`;
  if (result.recorded.length) console.log(`recorded ${result.recorded.length} cassettes (key redacted) in ${path.dirname(result.recorded[0])}`);
}

const report = writeDriftReport(provider, subject, payloads, drift, { dir: reports, secrets });
rows.push({
  check: "drift (strict schemas)",
  verdict: report.summary.length ? "warn" : "pass",
  detail: report.summary.length
    ? `${report.summary.length} undocumented properties or enum values, see ${path.relative(process.cwd(), report.md)}`
    : `none in ${payloads} payloads (${path.relative(process.cwd(), report.md)})`,
});

console.log(`${provider}: ${subject}\n`);
console.log(scrub(formatTable(rows), secrets));
process.exit(rows.some((r) => r.verdict === "fail") ? 1 : 0);
