// The test oracle for key leaks, written apart from src/mask.ts: every way a thrown error can be looked at is
// decoded every way we can think of (up to three decodings deep, base64 runs at every offset, hex runs) and
// searched for any 12 consecutive characters of the key, in any letter case.
import { inspect } from "node:util";

const DECODINGS: Array<(s: string) => string> = [
  (s) => s.replace(/\\[ux]([0-9a-fA-F]{4}|(?<=x)[0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, "$1"),
  (s) => s.replace(/%([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
  (s) => s.replace(/\+/g, " "),
  (s) => s.replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/&#(\d+);?/g, (_, d) => String.fromCharCode(+d)),
  (s) => s.replace(/[\0\u00ad\u200b-\u200f\u2060\ufeff]/g, ""),
  (s) => s.replace(/(?:[0-9a-fA-F]{2}){6,}/g, (run) => (run.length % 2 ? run : Buffer.from(run, "hex").toString("latin1"))),
  ...[0, 1, 2, 3].map((offset) => (s: string) =>
    s.replace(/[A-Za-z0-9+/_-]{12,}/g, (run) => Buffer.from(run.slice(offset), "base64").toString("latin1"))),
];

/** Every string a caller can get out of `error`: its renderings, and each string and key of its body and cause. */
function views(error: unknown): string[] {
  const out: string[] = [String(error), inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error) ?? ""];
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (typeof value === "string") out.push(value);
    if (!value || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    for (const name of Reflect.ownKeys(value)) {
      if (typeof name === "string") out.push(name);
      walk((value as any)[name]);
    }
  };
  walk(error);
  return out;
}

/** The first view of `error` that gives away 12 characters of `key` in a row, with how it was decoded; or undefined. */
export function leakIn(error: unknown, key: string): string | undefined {
  const windows = Array.from({ length: Math.max(1, key.length - 11) }, (_, i) => key.slice(i, i + 12).toLowerCase());
  for (const view of views(error)) {
    let layer = new Map([[view, "as is"]]);
    for (let depth = 0; depth <= 3; depth++) {
      for (const [text, how] of layer) if (windows.some((w) => text.toLowerCase().includes(w))) return `${how}: ${text.slice(0, 300)}`;
      const next = new Map<string, string>();
      if (depth < 3) for (const [text, how] of layer) DECODINGS.forEach((decode, i) => next.set(decode(text), `${how} → decoding ${i}`));
      layer = next;
    }
  }
}
