// `--record` must not let a key reach disk. A local server echoes the key back everywhere it can — response
// headers, cookies, JSON bodies, SSE frames, error messages, in plain, URL-encoded and base64 form — and the
// real CLI records the whole suite against it; nothing it writes (cassettes, drift report) or prints may hold
// the key or anything key-like.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, test } from "vitest";
import { type Cassette, cassetteSchema, readCassettes } from "../../src/contract/cassette.ts";
import { keyLikeStrings } from "../../src/contract/key-patterns.ts";
import { LeakError, safeCassetteText, writeCassette } from "../../src/contract/recorder.ts";
import { REDACTED } from "../../src/contract/redact.ts";
import { providerContext } from "../../src/contract/context.ts";
import { SCENARIOS, served } from "../../src/contract/suite.ts";
import { json, startServer } from "../helpers/local-server.ts";
import { keyVariable, runContract } from "./run-cli.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "contract-record-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Built at run time so that no key-like string is ever in the repository.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const googleShapedKey = () => "AIza" + [...randomBytes(35)].map((b) => alphabet[b % alphabet.length]).join("");

/** Every form in which the echo server sends the key back. */
const formsOf = (key: string) => [key, encodeURIComponent(key), Buffer.from(key).toString("base64")];

async function echoServer(key: string) {
  const echo = formsOf(key).join(" | ");
  return startServer((req, res) => {
    const headers = { "x-echo-key": key, "set-cookie": `session=${key}`, "x-seen-url": req.url, "x-echo-encoded": encodeURIComponent(key) };
    const reply = { candidates: [{ content: { role: "model", parts: [{ text: `your key: ${echo}; url: ${req.url}` }] }, finishReason: "STOP", index: 0 }], responseId: key };
    if (req.body.includes('"text":42')) return json(res, 400, { error: { code: 400, message: `Invalid value (key ${echo})`, status: "INVALID_ARGUMENT" } }, headers);
    if (req.url.includes(":streamGenerateContent")) {
      res.writeHead(200, { "content-type": "text/event-stream", ...headers });
      res.end(`data: ${JSON.stringify(reply)}\n\ndata: ${JSON.stringify({ ...reply, modelVersion: key })}\n\n`);
      return;
    }
    if (!req.headers.authorization?.includes(key) && !req.headers["x-goog-api-key"]?.includes(key)) {
      return json(res, 401, { error: { message: `Invalid token ${echo} (request id: ${key})`, type: "new_api_error", param: key, code: "" } }, headers);
    }
    return json(res, 200, reply, headers);
  });
}

describe.each([
  ["kkiai", googleShapedKey()], // key in the Authorization header and in the query string
  ["google", "test key/with+odd&chars=" + randomBytes(6).toString("hex")], // key in x-goog-api-key; needs encoding in URLs
])("npm run contract --record against %s, with a server echoing the key", (provider, key) => {
  test("writes redacted cassettes and reports, and prints no key", async () => {
    const server = await echoServer(key);
    const out = path.join(tmp, provider, "cassettes");
    const reports = path.join(tmp, provider, "reports");
    try {
      const run = await runContract(["--provider", provider, "--base-url", server.url, "--record", "--out", out, "--reports", reports, "--timeout", "20"],
        { [keyVariable(provider)]: key });
      // the key really went out, so there was something to leak
      expect(server.received.some((r) => JSON.stringify(r).includes(key) || r.url.includes(encodeURIComponent(key)))).toBe(true);
      const written = readCassettes(out);
      // One cassette per check of an operation the provider serves.
      const ctx = providerContext(provider);
      expect(written.map((w) => w.file).sort()).toEqual(SCENARIOS.filter((s) => served(ctx, s.operation)).map((s) => `live-${s.name}.json`).sort());
      const files = [...written.map((w) => path.join(out, w.file)), ...fs.readdirSync(reports).map((f) => path.join(reports, f))];
      for (const file of files) {
        const text = fs.readFileSync(file, "utf8");
        for (const form of formsOf(key)) expect(text.includes(form), `${file} holds the key (${form === key ? "plain" : "encoded"})`).toBe(false);
        expect(keyLikeStrings(text), file).toEqual([]);
      }
      for (const output of [run.stdout, run.stderr]) for (const form of formsOf(key)) expect(output.includes(form)).toBe(false);
      const shape = new Ajv2020({ strict: false }).compile(cassetteSchema);
      for (const { cassette } of written) {
        expect(shape(cassette), JSON.stringify(shape.errors)).toBe(true);
        expect(cassette.source).toBe("recorded");
        const auth = cassette.request.headers.authorization ?? cassette.request.headers["x-goog-api-key"];
        expect(auth).toBe(REDACTED);
        expect(cassette.response.headers["x-echo-key"]).toBe(REDACTED);
      }
      const text = written.find((w) => w.file === "live-text.json")!.cassette;
      if (provider === "kkiai") expect(text.request.query.key).toBe(REDACTED);
      expect(JSON.stringify(text.response.body)).toContain(`your key: ${REDACTED} | ${REDACTED} | ${REDACTED}`);
    } finally {
      await server.close();
    }
  });
});

describe("the recorder's last check", () => {
  const cassette = (text: string): Cassette => ({
    provider: "google", operation: "generateContent", source: "recorded", origin: "test",
    request: { method: "POST", path: "/v1beta/models/m:generateContent", query: {}, headers: {}, body: null },
    response: { status: 200, headers: { "content-type": "application/json" }, body: { candidates: [{ content: { parts: [{ text }] } }] } },
  });

  test("refuses a key-like string it was not told about, and writes nothing", () => {
    const stray = "sk-" + randomBytes(24).toString("hex");
    const dir = path.join(tmp, "refused");
    expect(() => writeCassette(dir, "live-text", cassette(`leaked ${stray}`), ["another-key"])).toThrow(LeakError);
    expect(fs.existsSync(path.join(dir, "live-text.json"))).toBe(false);
  });

  test("replaces the key in every encoding, and keeps everything else", () => {
    const key = "k/ey+" + randomBytes(8).toString("hex");
    const text = safeCassetteText(cassette(`a ${key} b ${encodeURIComponent(key)} c ${Buffer.from(key).toString("base64")}`), [key]);
    expect(JSON.parse(text).response.body.candidates[0].content.parts[0].text).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
  });
});
