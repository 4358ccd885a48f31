// The docs server hands out the files of one folder and nothing else, plus /mocks.json: where each provider's
// mock listens, for the pages' consoles.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serveDocs, type DocsServer } from "../../scripts/lib/docs/serve.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-docs-serve-"));
const dir = path.join(work, "docs");
const SECRET = "outside-the-docs-folder";
const MOCKS = { google: "http://127.0.0.1:4010", serevixai: "http://127.0.0.1:4013/v1" };
let server: DocsServer;

/** A raw request, so that the path reaches the server exactly as written (fetch would normalise `..`). */
function get(url: string, rawPath: string, method = "GET", headers: Record<string, string> = {}) {
  return new Promise<{ status: number; type: string; body: string; encoding?: string; raw: Buffer }>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = http.request({ hostname, port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body: raw.toString("utf8"), encoding: res.headers["content-encoding"], raw });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  fs.mkdirSync(path.join(dir, "sub"), { recursive: true });
  fs.writeFileSync(path.join(dir, "index.html"), "<h1>index</h1>");
  fs.writeFileSync(path.join(dir, "google.html"), "<h1>google</h1>");
  fs.mkdirSync(path.join(dir, "google"));
  fs.writeFileSync(path.join(dir, "google", "types.ts"), "export type A = 1;\n");
  // A file of that name in the folder never replaces the server's own answer.
  fs.writeFileSync(path.join(dir, "mocks.json"), '{"google":"http://elsewhere.test"}');
  fs.writeFileSync(path.join(dir, "sub", "index.html"), "<h1>sub</h1>");
  fs.writeFileSync(path.join(work, "secret.txt"), SECRET);
  server = await serveDocs({ port: 0, dir, mocks: MOCKS });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("serveDocs", () => {
  test("listens on loopback and serves index.html at / and files by name", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await get(server.url, "/");
    expect(index).toMatchObject({ status: 200, type: "text/html; charset=utf-8", body: "<h1>index</h1>" });
    expect((await get(server.url, "/google.html")).body).toBe("<h1>google</h1>");
    expect((await get(server.url, "/sub/")).body).toBe("<h1>sub</h1>");
    expect((await get(server.url, "/google.html?x=1#y")).status).toBe(200);
    expect((await get(server.url, "/google.html", "HEAD"))).toMatchObject({ status: 200, body: "" });
  });

  test("unknown paths, folders without index and non-GET methods are refused", async () => {
    expect((await get(server.url, "/nope.html")).status).toBe(404);
    expect((await get(server.url, "/sub")).status).toBe(404);
    expect((await get(server.url, "/google.html", "POST")).status).toBe(405);
    expect((await get(server.url, "/%E0%A4%A")).status).toBe(400);
  });

  test.each(["/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/sub/..%2f..%2fsecret.txt", "/%2e%2e%5csecret.txt", "/..%00/secret.txt"])(
    "no way out of the folder: %s", async (rawPath) => {
      const res = await get(server.url, rawPath);
      expect([400, 404]).toContain(res.status);
      expect(res.body).not.toContain(SECRET);
    });

  test("/mocks.json names each provider's mock, or none when the server was given none", async () => {
    const answer = await get(server.url, "/mocks.json");
    expect(answer).toMatchObject({ status: 200, type: "application/json; charset=utf-8" });
    expect(JSON.parse(answer.body)).toEqual(MOCKS);
    const bare = await serveDocs({ port: 0, dir });
    try {
      expect(JSON.parse((await get(bare.url, "/mocks.json")).body)).toEqual({});
    } finally {
      await bare.close();
    }
  });

  test("text is gzipped for a browser that accepts it, and the types file is served as text", async () => {
    const zipped = await get(server.url, "/google.html", "GET", { "accept-encoding": "gzip, deflate" });
    expect(zipped.encoding).toBe("gzip");
    expect(gunzipSync(zipped.raw).toString("utf8")).toBe("<h1>google</h1>");
    expect((await get(server.url, "/google.html")).encoding).toBeUndefined();
    expect(await get(server.url, "/google/types.ts")).toMatchObject({ status: 200, type: "text/plain; charset=utf-8", body: "export type A = 1;\n" });
  });

  test("a folder without rendered docs is a clear error", async () => {
    await expect(serveDocs({ port: 0, dir: path.join(work, "empty") })).rejects.toThrow(/run npm run docs/);
  });
});
