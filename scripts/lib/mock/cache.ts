// A disk cache for what a mock derives from a bundle and would otherwise recompute on every start: the
// compiled request validators (Ajv generating code for the wire schemas takes about half a second per
// provider) and Prism's operations (loading its spec reader and dereferencing takes as long again).
// Entries are named by a hash of their inputs, so a changed bundle or library simply misses; they live in
// node_modules/.cache, the usual place for such files, and a cache that cannot be written is only slower.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../providers.ts";

export const cacheDir = path.join(repoRoot, "node_modules", ".cache", "gemini-native-openapi", "mock");

export function cacheKey(...parts: unknown[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(typeof part === "string" ? part : JSON.stringify(part)).update("\0");
  return hash.digest("hex").slice(0, 32);
}

/** The cached entry `name` read by `load`, or undefined when it is missing or unreadable (a torn write). */
export function readCache<T>(name: string, load: (file: string) => T): T | undefined {
  const file = path.join(cacheDir, name);
  if (!fs.existsSync(file)) return undefined;
  try {
    return load(file);
  } catch {
    return undefined;
  }
}

/** Stores an entry; a cache that cannot be written (read-only node_modules) only makes the next start slower. */
export function writeCache(name: string, text: string): void {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // Write aside and rename, so that a concurrent start never reads half a file.
    const partial = path.join(cacheDir, `${name}.${process.pid}.partial`);
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, path.join(cacheDir, name));
  } catch {
    // not cached, still correct
  }
}
