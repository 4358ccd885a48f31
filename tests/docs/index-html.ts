// Reads the comparison table of dist/docs/index.html back into cells and list items, so tests can compare
// each cell with the bundles.

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };

/** Visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export const textOf = (html: string) =>
  html.replace(/<br\s*\/?>/g, " ").replace(/<[^>]+>/g, "").replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ENTITIES[e])
    .replace(/\s+/g, " ").trim();

/** Cells of the table tagged data-provider/data-field, keyed "<provider>/<field>", as inner HTML. */
export function tableCells(html: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const m of html.matchAll(/<(td|th)\b[^>]*\bdata-provider="([^"]+)" data-field="([^"]+)"[^>]*>([\s\S]*?)<\/\1>/g)) {
    const key = `${m[2]}/${m[3]}`;
    if (cells.has(key)) throw new Error(`two cells for ${key}`);
    cells.set(key, m[4]);
  }
  return cells;
}

/** Text of each <li> in a cell. */
export const itemsOf = (cell: string) => [...cell.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]));

/** Text of the elements of a class in a cell (other attributes may follow the class). */
export const classText = (cell: string, name: string) =>
  [...cell.matchAll(new RegExp(`<(\\w+) class="${name}"[^>]*>([\\s\\S]*?)</\\1>`, "g"))].map((m) => textOf(m[2]));

/** The value of an attribute on the elements of a class in a cell. */
export const classAttribute = (cell: string, name: string, attribute: string) =>
  [...cell.matchAll(new RegExp(`<\\w+ class="${name}"[^>]*?\\s${attribute}="([^"]*)"`, "g"))].map((m) => m[1]);
