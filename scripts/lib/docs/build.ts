// Builds the rendered docs: one Scalar page per provider bundle, the comparison page generated from the same
// bundles, and a copy of every published artefact next to them so that each page can offer its downloads.
import fs from "node:fs";
import path from "node:path";
import { bundlePaths, generatedDir, providerIds, readJson, repoRoot } from "../providers.ts";
import { providerFacts } from "./facts.ts";
import { renderIndexPage } from "./index-page.ts";
import { externalResources } from "./offline.ts";
import { renderScalarPage, type PageLink } from "./scalar.ts";

export const defaultDocsDir = path.join(repoRoot, "dist", "docs");

/** The artefacts of generated/<provider>/ each page offers for download (dist/docs/<provider>/<file>), with what each is. */
export const ARTEFACTS: Array<{ file: string; label: string }> = [
  { file: "openapi.json", label: "OpenAPI 3.1 (JSON)" },
  { file: "openapi.yaml", label: "OpenAPI 3.1 (YAML)" },
  { file: "openapi.3.2.json", label: "OpenAPI 3.2 (JSON)" },
  { file: "openapi.3.2.yaml", label: "OpenAPI 3.2 (YAML)" },
  { file: "openapi.3.0.json", label: "OpenAPI 3.0" },
  { file: "openapi.dereferenced.json", label: "dereferenced" },
  { file: "openapi.wire.json", label: "wire (request validation)" },
  { file: "types.ts", label: "TypeScript types" },
];

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
  fs.writeFileSync(index, renderIndexPage(facts, ARTEFACTS));
  return index;
}

/** The links of a provider page: back to the index, then every artefact of that provider. */
export function pageLinks(id: string): PageLink[] {
  return [
    { href: "index.html", label: "← All providers" },
    ...ARTEFACTS.map(({ file, label }) => ({ href: `${id}/${file}`, label: file, title: label, download: true })),
  ];
}

/**
 * Writes <outDir>/<provider>.html and <outDir>/<provider>/<artefact> for every provider, and
 * <outDir>/index.html; returns the pages written.
 */
export async function buildDocs(outDir: string = defaultDocsDir, options: BuildDocsOptions = {}): Promise<string[]> {
  const index = buildIndexPage(outDir, options);
  const pages = loadBundles(options).map(({ id, file, doc }) => {
    const dir = path.join(outDir, id);
    fs.mkdirSync(dir, { recursive: true });
    for (const { file: name } of ARTEFACTS) fs.copyFileSync(path.join(path.dirname(file), name), path.join(dir, name));
    const out = path.join(outDir, `${id}.html`);
    const html = renderScalarPage(doc, { title: doc.info.title, provider: id, links: pageLinks(id) });
    const external = externalResources(html);
    if (external.length) throw new Error(`${out} would load resources from elsewhere: ${external.join(", ")}`);
    fs.writeFileSync(out, html);
    return out;
  });
  return [...pages, index];
}
