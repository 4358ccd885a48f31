// A disk cache for what a mock derives from a bundle and would otherwise recompute on every start: the
// compiled request validators (Ajv generating code for the wire schemas takes about half a second per
// provider) and Prism's operations (loading its spec reader and dereferencing takes as long again).
// Entries are named by a hash of their inputs, so a changed bundle or library simply misses. Two places:
// - dist/mock-cache/ in the package, written by `npm pack` (scripts/precompile-mocks.ts), so an installed
//   mock starts warm;
// - node_modules/.cache/gemini-native-openapi/mock, the usual place for such files, filled on first use
//   (a cache that cannot be written is only slower).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { packageRoot } from "../bundles.ts";

export const precompiledDir = path.join(packageRoot, "dist", "mock-cache");

/** node_modules/.cache of the project that holds the package (the repository's own when run from it). */
function projectCacheDir(): string {
  const parts = packageRoot.split(path.sep);
  const at = parts.lastIndexOf("node_modules");
  const nodeModules = at > 0 ? parts.slice(0, at + 1).join(path.sep) : path.join(packageRoot, "node_modules");
  return path.join(nodeModules, ".cache", "gemini-native-openapi", "mock");
}
export const cacheDir = projectCacheDir();

/** Names of the entries this process used, so that the pack step can ship exactly those. */
export const usedEntries = new Set<string>();

export function cacheKey(...parts: unknown[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(typeof part === "string" ? part : JSON.stringify(part)).update("\0");
  return hash.digest("hex").slice(0, 32);
}

/** The entry `name` read by `load`, or undefined when it is in neither place or unreadable (a torn write). */
export function readCache<T>(name: string, load: (file: string) => T): T | undefined {
  usedEntries.add(name);
  for (const dir of [precompiledDir, cacheDir]) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    try {
      return load(file);
    } catch {
      // try the next place, or compute it
    }
  }
  return undefined;
}

/** Stores an entry (in `dir`, the project cache by default); a cache that cannot be written only makes the next start slower. */
export function writeCache(name: string, text: string, dir = cacheDir): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Write aside and rename, so that a concurrent start never reads half a file.
    const partial = path.join(dir, `${name}.${process.pid}.partial`);
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, path.join(dir, name));
  } catch {
    // not cached, still correct
  }
}
