// The `Prefer` request header: Prism's tokens (`code=429`, `example=resource-exhausted`, `dynamic=true`) and the
// mock's own, for pacing and faults (`delay=500`, `chunk-delay=100`, `drop-after=2`) and Google's strictness
// (`strict`). Other preferences (`return=minimal`, …) are not the mock's to judge and are ignored.

/** How an answer is sent: when it starts, how its frames follow each other, where the connection is cut. */
export interface Pacing {
  /** milliseconds before the first byte */
  delayMs?: number;
  /** milliseconds between two frames of a stream */
  chunkDelayMs?: number;
  /** frames sent before the connection is cut (0: only the status line and headers) */
  dropAfter?: number;
}

export interface Preferences extends Pacing {
  code?: number;
  exampleKey?: string;
  dynamic: boolean;
  /** answer unknown fields, unknown enum names and empty contents as Google does: 400 */
  strict?: boolean;
}

/** Upper bounds, so that no request can hold a connection or a timer for long. */
export const MAX_DELAY_MS = 60_000;
export const MAX_CHUNK_DELAY_MS = 10_000;

export class PreferError extends Error {}

const wholeNumber = (name: string, value: string, max = Number.MAX_SAFE_INTEGER) => {
  if (!/^\d+$/.test(value) || Number(value) > max) throw new PreferError(`Prefer: ${name}=${value} is not a whole number from 0 to ${max}`);
  return Number(value);
};

export function parsePrefer(header: string | string[] | undefined): Preferences {
  const prefs: Preferences = { dynamic: false };
  const text = Array.isArray(header) ? header.join(",") : header;
  if (!text) return prefs;
  for (const item of text.split(/[,;]/)) {
    const eq = item.indexOf("=");
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? "" : item.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    if (name === "strict") {
      prefs.strict = eq < 0 || value === "true";
      continue;
    }
    if (eq < 0) continue;
    if (name === "code") {
      const code = Number(value);
      if (!/^[1-5]\d\d$/.test(value) || code < 200) throw new PreferError(`Prefer: code=${value} is not an HTTP status from 200 to 599`);
      prefs.code = code;
    } else if (name === "example") {
      if (!value) throw new PreferError("Prefer: example= needs an example name");
      prefs.exampleKey = value;
    } else if (name === "dynamic") {
      prefs.dynamic = value === "true";
    } else if (name === "delay") {
      prefs.delayMs = wholeNumber(name, value, MAX_DELAY_MS);
    } else if (name === "chunk-delay") {
      prefs.chunkDelayMs = wholeNumber(name, value, MAX_CHUNK_DELAY_MS);
    } else if (name === "drop-after") {
      prefs.dropAfter = wholeNumber(name, value);
    }
  }
  return prefs;
}
