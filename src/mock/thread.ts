// Worker threads that run one of this package's modules: its compiled .js in the installed package, its .ts
// source in this repository (loaded through tsx, which the repository has as a dev dependency).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { packageRoot } from "../bundles.ts";

/** `sibling` is the module's name without extension, next to the module at `from` (its import.meta.url). */
export function moduleWorker(from: string, sibling: string, workerData: unknown): Worker {
  const source = from.endsWith(".ts");
  const url = new URL(`./${sibling}${source ? ".ts" : ".js"}`, from);
  if (!source) return new Worker(url, { workerData });
  const tsx = pathToFileURL(path.join(packageRoot, "node_modules", "tsx", "dist", "esm", "api", "index.mjs")).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
