// Builds the rendered docs: one Redoc page per provider bundle (rendered in parallel) and the comparison
// page generated from the same bundles.
import fs from "node:fs";
import path from "node:path";
import { bundlePaths, generatedDir, providerIds, readJson, repoRoot } from "../providers.ts";
import { providerFacts } from "./facts.ts";
import { renderIndexPage } from "./index-page.ts";
import { renderProviderPage } from "./redoc.ts";

export const defaultDocsDir = path.join(repoRoot, "dist", "docs");

export interface BuildDocsOptions {
  /** Where the bundles are read from (generated/ by default). */
  bundlesDir?: string;
  /** Provider ids to build; every provider folder in spec/providers/ by default. */
  providers?: string[];
}

function loadBundles({ bundlesDir = generatedDir, providers = providerIds() }: BuildDocsOptions) {
  return providers.map((id) => {
    const file = bundlePaths(id, bundlesDir).json;
    if (!fs.existsSync(file)) throw new Error(`docs: ${file} is missing; run npm run build first`);
    return { id, file, doc: readJson(file) };
  });
}

/** Writes <outDir>/index.html, the provider comparison, from the bundles; returns its path. */
export function buildIndexPage(outDir: string = defaultDocsDir, options: BuildDocsOptions = {}): string {
  const facts = loadBundles(options).map(({ id, doc }) => {
    const f = providerFacts(doc);
    if (f.id !== id) throw new Error(`docs: ${id}'s bundle says x-gemini-provider.id is '${f.id}'`);
    return f;
  });
  fs.mkdirSync(outDir, { recursive: true });
  const index = path.join(outDir, "index.html");
  fs.writeFileSync(index, renderIndexPage(facts));
  return index;
}

/** Writes <outDir>/<provider>.html for every provider and <outDir>/index.html; returns the files written. */
export async function buildDocs(outDir: string = defaultDocsDir, options: BuildDocsOptions = {}): Promise<string[]> {
  const index = buildIndexPage(outDir, options);
  const pages = await Promise.all(loadBundles(options).map(async ({ id, file }) => {
    const out = path.join(outDir, `${id}.html`);
    await renderProviderPage(file, out);
    return out;
  }));
  return [...pages, index];
}
