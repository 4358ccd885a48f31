// The static check that a rendered page loads nothing from elsewhere. (Scripts building URLs at run time are
// caught by the browser test, which blocks and records every request to another host.)

/**
 * URLs the page's markup or styles would fetch: script/link/img/iframe sources, CSS url() and @import that
 * are not data: or fragment references.
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
