// Set-up file for every test file: the repository must stand alone (a user's clone has nothing beside it), so
// any file-system access beside the repository, or anywhere that is neither the repository, the temporary
// directory nor the system's own folders, fails the test file that made it. Accesses are recorded rather than
// refused, so that the failure names the path instead of surfacing as an obscure ENOENT somewhere else.
import fs from "node:fs";
import fsp from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const beside = path.dirname(repoRoot);
const allowed = [repoRoot, fs.realpathSync(repoRoot), fs.realpathSync(os.tmpdir()), os.tmpdir(), "/usr", "/etc", "/proc", "/sys", "/dev", "/lib", "/bin", "/opt", "/run", "/var"];
const within = (dir: string, file: string) => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

export const outsideReads = new Set<string>();

function check(target: unknown) {
  if (typeof target !== "string" && !(target instanceof URL) && !Buffer.isBuffer(target)) return;
  const file = path.resolve(target instanceof URL ? fileURLToPath(target) : String(target));
  // TypeScript's compiler, when loaded, asks whether the file system is case-sensitive by looking for its own
  // path in swapped case: that is the repository too.
  if (file !== file.toLowerCase() && within(repoRoot.toLowerCase(), file.toLowerCase())) return;
  const besideRepo = within(beside, file) && !within(repoRoot, file);
  if (besideRepo || !allowed.some((dir) => within(dir, file))) outsideReads.add(file);
}

const watched = ["readFileSync", "readdirSync", "existsSync", "statSync", "lstatSync", "openSync", "createReadStream", "readFile", "readdir", "stat", "access", "accessSync", "opendirSync"] as const;
for (const name of watched) {
  const original = (fs as any)[name];
  if (typeof original !== "function") continue;
  (fs as any)[name] = function (this: unknown, target: unknown, ...rest: unknown[]) {
    check(target);
    return original.call(this, target, ...rest);
  };
}
for (const name of ["readFile", "readdir", "stat", "access", "open", "opendir"] as const) {
  const original = (fsp as any)[name];
  (fsp as any)[name] = function (this: unknown, target: unknown, ...rest: unknown[]) {
    check(target);
    return original.call(this, target, ...rest);
  };
}
// Named imports (`import { readFileSync } from "node:fs"`) see the wrapped functions too.
syncBuiltinESMExports();

afterAll(() => {
  expect([...outsideReads], "files read outside the repository (a clone has nothing beside it)").toEqual([]);
});
