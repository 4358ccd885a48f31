// Compiles the client (src/) and the generated modules it imports to dist/: JavaScript that Node runs as is
// and .d.ts declarations for consumers. Run by `prepack`, so the npm package always ships a fresh build.
// Source imports end in `.ts`; tsc's rewriteRelativeImportExtensions turns them into `.js` in the output.
// Usage: tsx scripts/build-client.ts [--out DIR]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./lib/providers.ts";

const args = process.argv.slice(2);
const outDir = path.resolve(args.includes("--out") ? args[args.indexOf("--out") + 1] : path.join(repoRoot, "dist"));

// Only what this build writes is cleared: dist/ also holds other scripts' output (dist/codegen).
for (const dir of ["src", "generated"]) fs.rmSync(path.join(outDir, dir), { recursive: true, force: true });
const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(repoRoot, "tsconfig.build.json"), "--outDir", outDir], { cwd: repoRoot, stdio: ["ignore", process.stderr, process.stderr] });
console.error(`client -> ${path.relative(process.cwd(), outDir) || "."}/src/index.js`);
