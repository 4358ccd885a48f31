// The docs server: the files of one folder (the rendered pages and the artefacts beside them) and
// `/mocks.json`, which tells each page where its provider's local mock listens, so the page's console can
// send requests there (the port can change with every start). Loopback by default, GET/HEAD only, files
// inside `dir` only (anything resolving outside it is a 404, like any unknown path), `/` serves index.html;
// answers are gzipped when the browser accepts it (a page embeds its renderer: ~4 MB, ~1 MB gzipped).
// Node built-ins only, so it can ship as it is in the package's command-line tool.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createGzip } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};
const COMPRESSIBLE = new Set([".html", ".json", ".yaml", ".ts", ".css", ".js", ".svg"]);

export interface DocsServerOptions {
  /** the folder of rendered docs (index.html and the provider pages) */
  dir: string;
  /** 0 picks a free port */
  port?: number;
  host?: string;
  /** provider id → base URL of that provider's mock, as a client takes it (with the provider's path prefix) */
  mocks?: Record<string, string>;
}

export interface DocsServer {
  url: string;
  close(): Promise<void>;
}

export async function serveDocs({ dir, port = 4000, host = "127.0.0.1", mocks = {} }: DocsServerOptions): Promise<DocsServer> {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, "index.html"))) {
    throw new Error(`no rendered docs in ${root}: run npm run docs first`);
  }
  const mocksJson = JSON.stringify(mocks);
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-cache", ...headers });
      res.end(req.method === "HEAD" ? undefined : text);
    };
    const fail = (status: number, text: string, headers: Record<string, string> = {}) =>
      send(status, "text/plain; charset=utf-8", `${text}\n`, headers);
    if (req.method !== "GET" && req.method !== "HEAD") return fail(405, "method not allowed", { allow: "GET, HEAD" });
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return fail(400, "bad path");
    }
    if (pathname.includes("\0")) return fail(400, "bad path");
    if (pathname === "/mocks.json") return send(200, TYPES[".json"], mocksJson);
    if (pathname.endsWith("/")) pathname += "index.html";
    const file = path.resolve(root, `.${pathname}`);
    if (!file.startsWith(root + path.sep)) return fail(404, "not found");
    fs.stat(file, (error, stat) => {
      if (error || !stat.isFile()) return fail(404, "not found");
      const extension = path.extname(file);
      const gzip = COMPRESSIBLE.has(extension) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      res.writeHead(200, {
        "content-type": TYPES[extension] ?? "application/octet-stream",
        ...(gzip ? { "content-encoding": "gzip", vary: "accept-encoding" } : { "content-length": String(stat.size) }),
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") return res.end();
      const stream = fs.createReadStream(file).on("error", () => res.destroy());
      if (gzip) stream.pipe(createGzip()).on("error", () => res.destroy()).pipe(res);
      else stream.pipe(res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return {
    url: `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${bound}/`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
