// Prints check results as a plain-text table (check, status, detail) with a one-line tally, readable in a
// terminal and in CI logs alike.
import type { CheckRow, Verdict } from "./conformance.ts";

const LABEL: Record<Verdict, string> = { pass: "PASS", fail: "FAIL", warn: "WARN", skip: "SKIP" };

export function tally(rows: CheckRow[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const r of rows) counts[r.verdict]++;
  return counts;
}

export function formatTable(rows: CheckRow[], maxDetail = 110): string {
  const clip = (s: string) => (s.length > maxDetail ? `${s.slice(0, maxDetail - 1)}…` : s).replace(/\s+/g, " ");
  const cells = rows.map((r) => [r.check, LABEL[r.verdict], clip(r.detail)]);
  const head = ["check", "status", "detail"];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((s, i) => (i === c.length - 1 ? s : s.padEnd(width[i]))).join("  ").trimEnd();
  const counts = tally(rows);
  return [line(head), line(width.map((w) => "-".repeat(w))), ...cells.map(line), "",
    `checks: ${counts.pass} pass, ${counts.fail} fail, ${counts.warn} warn, ${counts.skip} skip`].join("\n");
}
