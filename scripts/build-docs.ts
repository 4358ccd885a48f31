// Renders the API docs into dist/docs/: a self-contained Redoc page per provider bundle (generated/<id>/)
// and index.html, the comparison of all providers generated from the same bundles.
// Usage: tsx scripts/build-docs.ts [--out DIR]
import path from "node:path";
import { buildDocs, defaultDocsDir } from "./lib/docs/build.ts";

const args = process.argv.slice(2);
const outDir = args.includes("--out") ? path.resolve(args[args.indexOf("--out") + 1]) : defaultDocsDir;
const started = performance.now();
const files = await buildDocs(outDir);
for (const file of files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
console.log(`docs built in ${((performance.now() - started) / 1000).toFixed(1)} s; open ${path.relative(process.cwd(), path.join(outDir, "index.html"))}`);
