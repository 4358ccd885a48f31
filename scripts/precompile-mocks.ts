// Run by `prepack`: computes what every provider's mock derives from its bundles (compiled request validators,
// Prism's operations) and puts exactly those entries into dist/mock-cache/, which the package ships, so that a
// mock installed from npm starts without compiling anything.
// Usage: tsx scripts/precompile-mocks.ts
import fs from "node:fs";
import path from "node:path";
import { bundledProviders } from "../src/bundles.ts";
import { cacheDir, precompiledDir, usedEntries } from "../src/mock/cache.ts";
import { createMockHandler } from "../src/mock/handler.ts";

fs.rmSync(precompiledDir, { recursive: true, force: true });
for (const id of bundledProviders()) await createMockHandler(id);
fs.mkdirSync(precompiledDir, { recursive: true });
for (const name of usedEntries) fs.copyFileSync(path.join(cacheDir, name), path.join(precompiledDir, name));
console.error(`mock cache -> ${path.relative(process.cwd(), precompiledDir)}/ (${usedEntries.size} entries)`);
