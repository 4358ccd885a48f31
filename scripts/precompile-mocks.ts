// Run by `prepack`: computes what every provider's mock derives from its bundles (compiled request validators,
// Prism's operations) and puts exactly those entries into dist/mock-cache/, which the package ships, so that a
// mock installed from npm starts without compiling anything.
// Usage: tsx scripts/precompile-mocks.ts
import { transformSync } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { bundledProviders } from "../src/bundles.ts";
import { cacheDir, precompiledDir, usedEntries } from "../src/mock/cache.ts";
import { createMockHandler } from "../src/mock/handler.ts";

fs.rmSync(precompiledDir, { recursive: true, force: true });
for (const id of bundledProviders()) await createMockHandler(id);
fs.mkdirSync(precompiledDir, { recursive: true });
// The compiled validators are generated code, a third smaller minified (the package carries six of them).
for (const name of usedEntries) {
  const text = fs.readFileSync(path.join(cacheDir, name), "utf8");
  fs.writeFileSync(path.join(precompiledDir, name), name.endsWith(".cjs") ? transformSync(text, { minify: true, format: "cjs", platform: "node" }).code : text);
}
console.error(`mock cache -> ${path.relative(process.cwd(), precompiledDir)}/ (${usedEntries.size} entries)`);
