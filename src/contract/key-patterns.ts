// Shapes of credentials that must never be committed or recorded. One list, used by the repository scan
// (tests/spec/secrets.test.ts), the cassette scan and the recorder's last check before it writes.
export const KEY_PATTERNS: ReadonlyArray<readonly [kind: string, pattern: RegExp]> = [
  ["Google API key", /AIza[0-9A-Za-z_-]{35}/],
  ["OpenAI-style secret", /\bsk-[A-Za-z0-9_-]{20,}/],
  ["Bearer token", /Bearer\s+[A-Za-z0-9._~+/-]{24,}=*/],
  ["OAuth access token", /\bya29\.[0-9A-Za-z_-]{20,}/],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

/** The kinds of key-like strings found in a text (empty when it is clean). */
export function keyLikeStrings(text: string): string[] {
  return KEY_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([kind]) => kind);
}
