// The `Prefer` request header Prism understands: `Prefer: code=429, example=resource-exhausted, dynamic=true`.

export interface Preferences {
  code?: number;
  exampleKey?: string;
  dynamic: boolean;
}

export class PreferError extends Error {}

export function parsePrefer(header: string | string[] | undefined): Preferences {
  const prefs: Preferences = { dynamic: false };
  const text = Array.isArray(header) ? header.join(",") : header;
  if (!text) return prefs;
  for (const item of text.split(/[,;]/)) {
    const eq = item.indexOf("=");
    if (eq < 0) continue; // other preferences (`return=minimal`, …) are not ours to judge
    const name = item.slice(0, eq).trim().toLowerCase();
    const value = item.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    if (name === "code") {
      const code = Number(value);
      if (!/^[1-5]\d\d$/.test(value) || code < 200) throw new PreferError(`Prefer: code=${value} is not an HTTP status from 200 to 599`);
      prefs.code = code;
    } else if (name === "example") {
      if (!value) throw new PreferError("Prefer: example= needs an example name");
      prefs.exampleKey = value;
    } else if (name === "dynamic") {
      prefs.dynamic = value === "true";
    }
  }
  return prefs;
}
