// Renders one bundle into a self-contained Redoc page with the Redocly CLI (`build-docs --inlineBundle`, so
// the Redoc scripts are embedded instead of loaded from Redocly's CDN), and checks the page loads nothing
// from elsewhere. One thing the embedded Redoc still fetches at run time is its "API docs by Redocly" logo
// (an <img> from cdn.redoc.ly, always rendered); the page gets an inline SVG in its place.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { redocly } from "../redocly.ts";

const config = path.join(path.dirname(fileURLToPath(import.meta.url)), "redocly-docs.yaml");

const wordmark = (text: string, width: number) => `data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">`
  + `<text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044D4">${text}</text></svg>`)}`;

/** Run-time URLs in Redoc's embedded script and the inline replacements the page uses instead. */
export const RUNTIME_URLS: Record<string, string> = {
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg": wordmark("Redocly", 52),
  "https://cdn.redoc.ly/redoc/logo-mini.svg": wordmark("R", 10),
};

export async function renderProviderPage(bundleFile: string, outFile: string): Promise<void> {
  await redocly(["build-docs", bundleFile, "--inlineBundle", "--output", outFile, "--config", config]);
  let html = fs.readFileSync(outFile, "utf8");
  for (const [url, local] of Object.entries(RUNTIME_URLS)) html = html.split(url).join(local);
  fs.writeFileSync(outFile, html);
  const external = externalResources(html);
  if (external.length) throw new Error(`${outFile} would load resources from elsewhere: ${external.join(", ")}`);
  if (!html.includes('"disableTelemetry":true')) throw new Error(`${outFile}: Redoc's telemetry is not disabled`);
}

/**
 * URLs the page's markup or styles would fetch: script/link/img/iframe sources, CSS url() and @import that
 * are not data: or fragment references. (Scripts building URLs at run time are caught by the browser test.)
 */
export function externalResources(html: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /<(?:script|img|iframe|source|audio|video|embed)\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)/gi,
    /<link\b[^>]*?\shref\s*=\s*["']?([^"'\s>]+)/gi,
    /url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi,
    /@import\s+(?:url\()?\s*["']((?:https?:)?\/\/[^"']+)/gi,
  ];
  for (const pattern of patterns) {
    for (const match of html.matchAll(pattern)) {
      if (!/^(data:|#|blob:)/.test(match[1])) found.add(match[1]);
    }
  }
  return [...found];
}
