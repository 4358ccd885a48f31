// Redaction of credentials from an exchange before it is written anywhere. Two nets: by name (auth headers,
// cookies, the `key` query parameter) and by value (the exact key string, in any encoding a URL or body could
// carry it, anywhere in the exchange). A final scan refuses to hand back anything still holding the key or
// a key-like string.
import type { Cassette } from "./cassette.ts";
import { keyLikeStrings } from "./key-patterns.ts";

export const REDACTED = "REDACTED";
export const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "x-goog-api-key", "x-api-key", "api-key", "cookie", "set-cookie"]);
export const SECRET_QUERY = new Set(["key", "api_key", "apikey", "access_token"]);

/** Every form of a secret that could appear in recorded text: as is, URL-encoded, JSON-escaped, base64. */
function formsOf(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), encodeURI(secret), JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("base64url")]);
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

/** The text with every form of each secret replaced (for anything printed or written besides cassettes). */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets.filter(Boolean)) for (const form of formsOf(secret)) out = out.split(form).join(REDACTED);
  return out;
}

/** A deep copy of `value` with every string scrubbed of the secrets (object keys included). */
function scrubDeep(value: unknown, secrets: string[]): unknown {
  if (typeof value === "string") return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k, secrets), scrubDeep(v, secrets)]));
  }
  return value;
}

const byName = (record: Record<string, string>, names: Set<string>) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, names.has(k.toLowerCase()) && v !== "" ? REDACTED : v]));

/** The cassette with credentials removed by name and every form of each secret replaced, anywhere. */
export function redactCassette(cassette: Cassette, secrets: string[]): Cassette {
  const named: Cassette = {
    ...cassette,
    request: {
      ...cassette.request,
      query: byName(cassette.request.query, SECRET_QUERY),
      headers: byName(cassette.request.headers, SECRET_HEADERS),
    },
    response: { ...cassette.response, headers: byName(cassette.response.headers, SECRET_HEADERS) },
  };
  return scrubDeep(named, secrets.filter(Boolean)) as Cassette;
}

/** Problems that forbid writing a text: a secret in any form, or a key-like string. */
export function leaksIn(text: string, secrets: string[]): string[] {
  const found = secrets.filter(Boolean).flatMap((s) => formsOf(s).filter((f) => text.includes(f)).map(() => "the API key"));
  return [...new Set([...found, ...keyLikeStrings(text)])];
}
