// Every cassette, committed or recorded into tests/fixtures/recorded, carries credentials only as REDACTED
// (by name: auth headers, cookies, the `key` parameter) and holds no key-like string anywhere. The repository
// as a whole is scanned by tests/spec/secrets.test.ts with the same patterns.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { readCassettes, recordedDir } from "../../src/contract/cassette.ts";
import { keyLikeStrings } from "../../src/contract/key-patterns.ts";
import { REDACTED } from "../../src/contract/redact.ts";

const cassettes = readCassettes(recordedDir);
const CREDENTIAL_HEADERS = ["authorization", "x-goog-api-key", "proxy-authorization", "cookie", "set-cookie"];

test("no cassette holds a key-like string", () => {
  expect(cassettes.length).toBeGreaterThan(50);
  const hits = cassettes.flatMap(({ file }) => keyLikeStrings(fs.readFileSync(path.join(recordedDir, file), "utf8")).map((kind) => `${file}: ${kind}`));
  expect(hits).toEqual([]);
});

test("credentials in cassettes are REDACTED (or empty, where documentation left them blank)", () => {
  const found: string[] = [];
  for (const { file, cassette } of cassettes) {
    const named = [
      ...Object.entries(cassette.request.headers), ...Object.entries(cassette.response.headers),
    ].filter(([name]) => CREDENTIAL_HEADERS.includes(name.toLowerCase()));
    if (cassette.request.query.key !== undefined) named.push(["?key", cassette.request.query.key]);
    for (const [name, value] of named) if (value !== REDACTED && value !== "") found.push(`${file}: ${name}`);
  }
  expect(found).toEqual([]);
  expect(cassettes.filter(({ cassette }) => Object.values(cassette.request.headers).includes(REDACTED)).length).toBeGreaterThan(50);
});
