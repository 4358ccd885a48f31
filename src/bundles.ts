// Where the published bundles are, for the code that ships (mock, contract checks): in this repository and in
// an installed copy of the package alike. Both keep them in generated/<provider>/ under the package root, but
// this file sits at src/ in one and at dist/src/ in the other, so the root is found by its package.json.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "gemini-native-openapi";

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: package.json not found above ${from}`);
  }
}

/** The package's root: the repository, or node_modules/gemini-native-openapi in a project that installed it. */
export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
export const generatedDir = path.join(packageRoot, "generated");

/** Providers with a bundle, one per folder of generated/ (each holds an openapi.json). */
export function bundledProviders(dir = generatedDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "openapi.json")))
    .map((d) => d.name)
    .sort();
}

/** Paths of the files generated for one provider. */
export function bundlePaths(id: string, outDir = generatedDir) {
  const dir = path.join(outDir, id);
  return {
    dir,
    json: path.join(dir, "openapi.json"),
    yaml: path.join(dir, "openapi.yaml"),
    wire: path.join(dir, "openapi.wire.json"),
    types: path.join(dir, "types.ts"),
  };
}

export function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** The provider id, checked against the bundles there are (a clear error rather than an ENOENT later). */
export function knownProvider(id: string): string {
  const known = bundledProviders();
  if (!known.includes(id)) throw new Error(`unknown provider "${id}"; known: ${known.join(", ")}`);
  return id;
}
