// Renders the API docs into dist/docs/: a self-contained Scalar page per provider bundle (generated/<id>/)
// and index.html, the comparison of all providers generated from the same bundles.
// Usage: tsx scripts/build-docs.ts [--out DIR]
import path from "node:path";
import { parseArgs } from "node:util";
import { buildDocs, defaultDocsDir } from "./lib/docs/build.ts";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const outDir = values.out ? path.resolve(values.out) : defaultDocsDir;
const started = performance.now();
const files = await buildDocs(outDir);
for (const file of files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
console.log(`docs built in ${((performance.now() - started) / 1000).toFixed(1)} s; open ${path.relative(process.cwd(), path.join(outDir, "index.html"))}`);
