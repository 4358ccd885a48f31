// `gemini-native-openapi check`: a provider's traffic against its spec — the fixed live suite sent with a key
// from the environment, or recorded cassettes. Validates status, content type, body and every SSE frame against
// the provider's bundle, prints a table of checks, writes the drift report, and exits 1 on any violation.
import fs from "node:fs";
import path from "node:path";
import { bundledProviders } from "../bundles.ts";
import { recordedDir } from "../contract/cassette.ts";
import { checkCassette } from "../contract/check-cassette.ts";
import type { CheckRow } from "../contract/conformance.ts";
import { providerContext } from "../contract/context.ts";
import { type DriftFinding, reportsDir, writeDriftReport } from "../contract/drift.ts";
import { runLiveSuite } from "../contract/live.ts";
import { loadCassettes } from "../contract/load.ts";
import { scrub } from "../contract/redact.ts";
import { SCENARIOS } from "../contract/suite.ts";
import { formatTable } from "../contract/table.ts";
import { parseArgs } from "node:util";
import { type Command, HELP, oneOf, parse, positiveInteger, TOOL, UsageError } from "./args.ts";

const help = `Usage: ${TOOL} check --provider ID [--base-url URL] [--model M] [--image-model M] [--skip CHECK,…]
                              [--record] [--out DIR] [--timeout SECONDS] [--reports DIR]
       ${TOOL} check --provider ID --cassettes [DIR]

Checks a provider's answers against its spec: status, content type, body and every server-sent event. Live,
it sends a fixed suite (${SCENARIOS.map((s) => s.name).join(", ")}) with the key from
<PROVIDER>_API_KEY (GOOGLE_API_KEY, TIKHUB_API_KEY, …); with --cassettes it checks recorded exchanges
instead, no key or network needed. Prints a table, writes a drift report (what only a strict copy of the spec
rejects: undocumented fields and enum values, as warnings) and exits 1 on any violation.

Options:
  --provider ID      ${bundledProviders().join(", ")} (required)
  --base-url URL     call this server instead of the spec's (a mock, a replay, your own gateway); selfhosted
                     needs it (or SELFHOSTED_BASE_URL)
  --model M          text model to use (default: the first the spec lists)
  --image-model M    image model for the image check (default: the first image model the spec lists)
  --skip A,B         leave these checks out (a mock accepts any key: skip bad-key, or start it with --key)
  --record           also write each exchange as a cassette, credentials redacted, to --out
  --out DIR          where --record writes (default: cassettes/<provider>)
  --timeout SECONDS  per request (default 120)
  --reports DIR      where the drift report goes (default: reports)
  --cassettes [DIR]  check the cassettes in DIR instead of live traffic${fs.existsSync(recordedDir) ? " (default: this repository's)" : ""}
  -h, --help         this text

Examples:
  TIKHUB_API_KEY=… ${TOOL} check --provider tikhub
  ${TOOL} check --provider google --base-url http://127.0.0.1:4010 --skip bad-key
  ${TOOL} check --provider kkiai --cassettes ./cassettes/kkiai`;

export const check: Command = {
  name: "check",
  summary: "check a provider's live traffic, or recorded cassettes, against the spec",
  help,
  async run(argv) {
    const { values, positionals } = parse(() => parseArgs({ args: argv, strict: true, allowPositionals: true, options: {
      provider: { type: "string" }, "base-url": { type: "string" }, model: { type: "string" }, "image-model": { type: "string" },
      record: { type: "boolean" }, out: { type: "string" }, cassettes: { type: "boolean" }, reports: { type: "string" },
      timeout: { type: "string" }, skip: { type: "string" }, help: HELP,
    } }));
    if (values.help) return console.log(help), 0;
    const provider = oneOf("provider", values.provider, bundledProviders());
    if (!provider) throw new UsageError("--provider is required");
    if (positionals.length && !values.cassettes) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const skip = values.skip?.split(",").filter(Boolean) ?? [];
    const unknownChecks = skip.filter((name) => !SCENARIOS.some((s) => s.name === name));
    if (unknownChecks.length) throw new UsageError(`unknown check ${unknownChecks.join(", ")} in --skip; checks: ${SCENARIOS.map((s) => s.name).join(", ")}`);
    const timeout = positiveInteger("timeout", values.timeout);
    const ctx = providerContext(provider);

    let rows: CheckRow[];
    let drift: DriftFinding[];
    let payloads: number;
    let subject: string;
    let secrets: string[] = [];
    if (values.cassettes) {
      const dir = path.resolve(positionals[0] ?? defaultCassettes(provider));
      const { cassettes, refused } = loadCassettes(dir, provider);
      if (refused.length) throw new UsageError(`cannot check ${dir}:\n  ${refused.join("\n  ")}`);
      if (!cassettes.length) throw new UsageError(`no cassettes (*.json) in ${dir}`);
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
      const apiKey = process.env[variable];
      if (!apiKey) throw new UsageError(`${variable} is not set: the live suite needs a key for ${provider} (or use --cassettes)`);
      const baseUrl = values["base-url"] ?? process.env[`${provider.toUpperCase()}_BASE_URL`];
      if (!baseUrl && !ctx.doc.servers?.[0]?.url?.match(/^https?:\/\/[^{]+$/)) {
        throw new UsageError(`${provider} has no fixed server: pass --base-url or set ${provider.toUpperCase()}_BASE_URL`);
      }
      secrets = [apiKey];
      const recordDir = values.record || values.out ? path.resolve(values.out ?? path.join("cassettes", provider)) : undefined;
      const result = await runLiveSuite(ctx, {
        apiKey, baseUrl, model: values.model, imageModel: values["image-model"], recordDir,
        timeoutMs: timeout ? timeout * 1000 : undefined, skip,
      });
      ({ rows, drift, payloads } = result);
      subject = `live traffic from ${baseUrl ?? ctx.doc.servers[0].url}`;
      if (result.recorded.length) console.log(`recorded ${result.recorded.length} cassettes (key redacted) in ${path.dirname(result.recorded[0])}`);
    }

    const report = writeDriftReport(provider, subject, payloads, drift, { dir: path.resolve(values.reports ?? reportsDir), secrets });
    rows.push({
      check: "drift (strict schemas)",
      verdict: report.summary.length ? "warn" : "pass",
      detail: report.summary.length
        ? `${report.summary.length} undocumented properties or enum values, see ${path.relative(process.cwd(), report.md)}`
        : `none in ${payloads} payloads (${path.relative(process.cwd(), report.md)})`,
    });
    console.log(`${provider}: ${subject}\n`);
    console.log(scrub(formatTable(rows), secrets));
    return rows.some((r) => r.verdict === "fail") ? 1 : 0;
  },
};

/** The repository's recordings of the provider; an installed package has none, so a folder must be named. */
function defaultCassettes(provider: string): string {
  if (!fs.existsSync(recordedDir)) throw new UsageError("--cassettes needs a directory of cassettes");
  return path.join(recordedDir, provider);
}
