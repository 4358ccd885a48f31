// The drift pass: valid payloads checked again against the strict copy of the bundle. Whatever only the
// strict copy rejects — a property or an enum value the spec does not list — is reported as a warning in
// reports/drift-<provider>.md and .json; it never fails a run.
import fs from "node:fs";
import path from "node:path";
import { type BundleValidators, createValidators } from "../validate.ts";
import type { Operation } from "./cassette.ts";
import type { Payload } from "./conformance.ts";
import { scrub } from "./redact.ts";
import { strictDocument } from "./strict.ts";

export interface DriftFinding {
  kind: "unknown property" | "unknown enum value";
  /** JSON pointer into the payload, array indices replaced by `*` so repeats group together */
  path: string;
  /** the unknown property's value type, or the unknown enum value */
  value: string;
  /** cassette file or live check, and the payload within it */
  seenIn: string;
}

/** Where reports go unless told otherwise: reports/ in the current directory. */
export const reportsDir = path.resolve("reports");
const generalise = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, "/*");

export function createDriftPass(doc: Record<string, any>) {
  const strict: BundleValidators = createValidators(strictDocument(doc));
  return (operation: Operation, payload: Payload, seenIn: string): DriftFinding[] => {
    if (!payload.valid) return [];
    const validate = payload.media === "sse"
      ? strict.sseData(operation, payload.status)
      : strict.response(operation, payload.status, "application/json");
    if (validate(payload.value)) return [];
    const found = new Map<string, DriftFinding>();
    for (const e of validate.errors ?? []) {
      let finding: DriftFinding | undefined;
      if (e.keyword === "unevaluatedProperties") {
        const name = (e.params as any).unevaluatedProperty as string;
        const value = (resolve(payload.value, e.instancePath) as any)?.[name];
        finding = { kind: "unknown property", path: generalise(`${e.instancePath}/${name}`), value: typeOf(value), seenIn: `${seenIn} ${payload.at}` };
      } else if (e.keyword === "enum") {
        finding = { kind: "unknown enum value", path: generalise(e.instancePath), value: String(resolve(payload.value, e.instancePath)), seenIn: `${seenIn} ${payload.at}` };
      }
      if (finding) found.set(`${finding.kind} ${finding.path} ${finding.value}`, finding);
    }
    return [...found.values()];
  };
}

function resolve(value: unknown, pointer: string): unknown {
  return pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<any>((at, key) => at?.[key], value);
}

const typeOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

export interface DriftSummary { kind: string; path: string; value: string; count: number; examples: string[] }

export function summarise(findings: DriftFinding[]): DriftSummary[] {
  const groups = new Map<string, DriftSummary>();
  for (const f of findings) {
    const key = `${f.kind}\u0000${f.path}\u0000${f.value}`;
    const group = groups.get(key) ?? { kind: f.kind, path: f.path, value: f.value, count: 0, examples: [] };
    group.count++;
    if (group.examples.length < 3) group.examples.push(f.seenIn);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.path.localeCompare(b.path));
}

/** Writes reports/drift-<provider>.json and .md; returns their paths. */
export function writeDriftReport(provider: string, subject: string, payloadCount: number, findings: DriftFinding[],
  { dir = reportsDir, secrets = [] as string[] } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const summary = summarise(findings);
  const base = path.join(dir, `drift-${provider}`);
  const generatedAt = new Date().toISOString();
  // Values come from live traffic, which could echo the key back: scrub before writing.
  const write = (file: string, text: string) => fs.writeFileSync(file, scrub(text, secrets));
  write(`${base}.json`, JSON.stringify({ provider, subject, generatedAt, payloadsChecked: payloadCount, findings: summary }, null, 2) + "\n");
  const lines = [
    `# Drift report: ${provider}`,
    "",
    `${subject}; ${payloadCount} payloads checked against a strict copy of \`generated/${provider}/openapi.json\` `
      + "(objects closed to the properties they declare, open enums closed to the values they list), " + generatedAt + ".",
    "These are warnings: the published spec stays open, so none of this fails a run. Each line is something the "
      + "spec could describe.",
    "",
  ];
  if (!summary.length) lines.push("No drift: every property and enum value seen is described by the spec.");
  else {
    lines.push("| kind | path | value | seen | for example in |", "|---|---|---|---|---|");
    for (const s of summary) lines.push(`| ${s.kind} | \`${s.path}\` | \`${s.value}\` | ${s.count} | ${s.examples.join("; ")} |`);
  }
  write(`${base}.md`, lines.join("\n") + "\n");
  return { json: `${base}.json`, md: `${base}.md`, summary };
}
