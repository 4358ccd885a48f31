// A throw-away npm registry on loopback, serving packages packed from this repository's node_modules (and any
// extra tarball, such as this package's own): `npm install <name> --registry <url>` then resolves and installs
// exactly as it would from npmjs.org, offline. Used to test the package as a user installs it and to measure
// installed footprints; tests reach only loopback.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { readJson, repoRoot } from "./providers.ts";

interface Packed { name: string; version: string; file: string; integrity: string; shasum: string; manifest: Record<string, any> }

/**
 * The installed packages `roots` need at run time, resolved the way Node does (a package's own node_modules
 * first, then each folder above it): name@version → folder. Optional dependencies count when installed.
 */
export function dependencyClosure(roots: string[], from = repoRoot): Map<string, string> {
  const found = new Map<string, string>();
  const resolve = (name: string, dir: string): string | undefined => {
    for (let at = dir; at.startsWith(repoRoot); at = path.dirname(at)) {
      const candidate = path.join(at, "node_modules", name);
      if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
      if (at === repoRoot) break;
    }
    return undefined;
  };
  const visit = (name: string, dir: string, optional: boolean) => {
    const location = resolve(name, dir);
    if (!location) {
      if (optional) return;
      throw new Error(`${name}, needed by ${path.relative(repoRoot, dir) || "the package"}, is not installed`);
    }
    const manifest = readJson(path.join(location, "package.json"));
    const id = `${manifest.name}@${manifest.version}`;
    if (found.has(id)) return;
    found.set(id, location);
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, location, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, location, true);
    for (const [dep, meta] of Object.entries<any>(manifest.peerDependenciesMeta ?? {})) if (!meta?.optional) visit(dep, location, false);
    for (const dep of Object.keys(manifest.peerDependencies ?? {})) if (!manifest.peerDependenciesMeta?.[dep]?.optional) visit(dep, location, false);
  };
  for (const name of roots) visit(name, from, false);
  return found;
}

// Packing a folder of node_modules gives the same tarball for the same installed version, so each is packed
// once per machine and kept here.
const packCache = path.join(repoRoot, "node_modules", ".cache", "gemini-native-openapi", "tarballs");

/** Packs every folder (one npm call for those not packed before, scripts not run); returns what was packed. */
export function packAll(folders: string[]): Packed[] {
  fs.mkdirSync(packCache, { recursive: true });
  const entry = (manifest: Record<string, any>) => path.join(packCache, `${manifest.name.replace("/", "+")}@${manifest.version}.json`);
  const missing = folders.filter((folder) => !fs.existsSync(entry(readJson(path.join(folder, "package.json")))));
  if (missing.length) {
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packCache, ...missing],
      { cwd: packCache, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } });
    (JSON.parse(out) as any[]).forEach((p, i) => {
      const manifest = readJson(path.join(missing[i], "package.json"));
      // The tarball's name only: the cache may be copied along with node_modules.
      const packed: Packed = { name: p.name, version: p.version, file: p.filename, integrity: p.integrity, shasum: p.shasum, manifest };
      fs.writeFileSync(entry(manifest), JSON.stringify(packed));
    });
  }
  return folders.map((folder) => {
    const packed: Packed = readJson(entry(readJson(path.join(folder, "package.json"))));
    return { ...packed, file: path.join(packCache, path.basename(packed.file)) };
  });
}

export interface LocalRegistry { url: string; close(): Promise<void> }

/** Serves the packages' metadata (packuments) and tarballs on 127.0.0.1. */
export async function serveRegistry(packages: Packed[]): Promise<LocalRegistry> {
  const byName = new Map<string, Packed[]>();
  for (const p of packages) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  let base = "";
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? "/").split("?")[0]);
    if (url.startsWith("/-/tarballs/")) {
      const wanted = packages.find((p) => path.basename(p.file) === url.slice("/-/tarballs/".length));
      if (!wanted) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return fs.createReadStream(wanted.file).pipe(res);
    }
    const versions = byName.get(url.slice(1));
    if (!versions) return res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    const latest = [...versions].sort((a, b) => compareVersions(b.version, a.version))[0];
    const packument = {
      name: latest.name,
      "dist-tags": { latest: latest.version },
      versions: Object.fromEntries(versions.map((p) => [p.version, {
        ...p.manifest,
        name: p.name,
        version: p.version,
        dist: { tarball: `${base}/-/tarballs/${encodeURIComponent(path.basename(p.file))}`, integrity: p.integrity, shasum: p.shasum },
      }])),
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return 1; // 1.0.0 > 1.0.0-beta
    if (pb[i] === undefined) return -1;
    return typeof pa[i] === "number" && typeof pb[i] === "number" ? (pa[i] as number) - (pb[i] as number) : String(pa[i]).localeCompare(String(pb[i]));
  }
  return 0;
}

/**
 * Packs this package (`npm pack`, which runs prepack) and the packages `roots` need, and serves them all: the
 * registry a fresh project installs from.
 */
export async function registryWith(work: string, roots: string[], { packSelf = true } = {}) {
  const tarballs = path.join(work, "tarballs");
  fs.mkdirSync(tarballs, { recursive: true });
  const packed = packAll([...dependencyClosure(roots).values()]);
  if (packSelf) {
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", tarballs], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
    const [self] = JSON.parse(out);
    packed.push({ name: self.name, version: self.version, file: path.join(tarballs, self.filename), integrity: self.integrity, shasum: self.shasum, manifest: readJson(path.join(repoRoot, "package.json")) });
  }
  return { registry: await serveRegistry(packed), packed };
}
