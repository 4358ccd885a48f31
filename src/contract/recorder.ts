// The only code that writes recorded exchanges to disk. It redacts first, then serialises, then scans the
// exact text it is about to write and refuses (throws, writing nothing) if a secret or key-like string is
// still in it.
import fs from "node:fs";
import path from "node:path";
import { type Cassette, cassetteText } from "./cassette.ts";
import { leaksIn, redactCassette } from "./redact.ts";

export class LeakError extends Error {}

/** The text a cassette would be written as, redacted and scanned; throws LeakError if anything remains. */
export function safeCassetteText(cassette: Cassette, secrets: string[]): string {
  const text = cassetteText(redactCassette(cassette, secrets));
  const leaks = leaksIn(text, secrets);
  if (leaks.length) throw new LeakError(`refusing to write a cassette that still holds ${leaks.join(", ")}`);
  return text;
}

/** Writes `<dir>/<name>.json` and returns its path. */
export function writeCassette(dir: string, name: string, cassette: Cassette, secrets: string[]): string {
  const text = safeCassetteText(cassette, secrets);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, text);
  return file;
}
