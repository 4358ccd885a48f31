// Masks the API key in whatever a server sends back, in the encodings a server may echo it in: as is or in one
// letter case, behind JSON/JS escapes (\u0073, \/, \x2d), HTML character references, percent-encoding (either
// hex case, + for space, nested), with NULs or zero-width characters between its characters (UTF-16 read as
// UTF-8), as hex, and as base64 or base64url. Text is decoded layer by layer; the first layer that shows the key is
// masked and kept (so the text may come back decoded), and the search goes on until no layer shows it.

const MASK = "[redacted]";

/** Undo one layer of an encoding. Only ASCII needs to come out right: a key is printable ASCII (checked up front). */
const unescape = (s: string) => s.replace(/\\(?:u([\da-f]{4})|x([\da-f]{2})|([^]))/gi, (_, u, x, c) => c ?? String.fromCharCode(parseInt(u ?? x, 16)));
const entities = (s: string) => s.replace(/&#(?:x([\da-f]{1,4})|(\d{1,5}));?/gi, (_, x, d) => String.fromCharCode(x ? parseInt(x, 16) : +d));
const percent = (s: string) => s.replace(/%([\da-f]{2})/gi, (_, x) => String.fromCharCode(parseInt(x, 16)));
const INVISIBLE = /[\0\xad\u200b-\u200f\u2060\ufeff]/g;
const visible = (s: string) => s.replace(INVISIBLE, "");
/** Two readings of percent-encoding, tried one after the other: "+" is itself (a URL) or a space (a form). */
const CHAINS = [[unescape, entities, percent, visible], [unescape, entities, (s: string) => percent(s.replace(/\+/g, " ")), visible]];
/** Any character some decoder acts on; text without one is only searched as it is. */
const ENCODED = /[\\&%+\0\xad\u200b-\u200f\u2060\ufeff]/;

/**
 * The strings that give the key away: the key (also all lower or upper case), its hex, and for each of the three
 * byte alignments it can have inside a longer base64 text, the base64 and base64url characters that depend on
 * the key's bytes alone.
 */
export function keyForms(key: string): string[] {
  const hex = [...key].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
  const forms = [key, key.toLowerCase(), key.toUpperCase(), hex, hex.toUpperCase()];
  for (let align = 0; align < 3; align++) {
    const b64 = btoa("\0".repeat(align) + key).replace(/=+$/, "").slice([0, 2, 3][align], (align + key.length) % 3 ? -1 : undefined);
    forms.push(b64, b64.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  // Forms this short would mask innocent text; a key that short protects nothing anyway.
  return forms.filter((form) => form.length > 3);
}

const shows = (s: string, forms: string[]) => forms.some((form) => s.includes(form));

/** The first layer of `s` decoded by `chain` that shows the key; "" when no layer does; undefined when `s` keeps decoding. */
function layerShowing(s: string, forms: string[], chain: Array<(s: string) => string>): string | undefined {
  for (let pass = 0; pass < 8; pass++) {
    const before = s;
    for (const decode of chain) {
      if (shows(s, forms)) return s;
      s = decode(s);
    }
    if (s === before) return shows(s, forms) ? s : "";
  }
  // Eight layers deep and still decoding: nothing a real server sends, so nothing worth keeping.
}

export function maskText(text: string, forms: string[]): string {
  if (!forms.length || !(ENCODED.test(text) || shows(text, forms))) return text;
  for (let round = 0; round < 8; round++) {
    let layer: string | undefined = "";
    for (const chain of CHAINS) if ((layer = layerShowing(text, forms, chain)) !== "") break;
    if (layer === undefined) return MASK;
    if (!layer) return text;
    text = forms.reduce((t, form) => t.split(form).join(MASK), layer);
  }
  return MASK;
}

/**
 * Masks every string of a parsed JSON value, object keys included, at any depth; the walk is iterative and
 * anything nested deeper than Google's errors ever are (64 levels) is replaced, so that a hostile body can
 * neither overflow the stack here nor in the caller's JSON.stringify or util.inspect of the error.
 */
export function maskValue(value: unknown, forms: string[]): unknown {
  const root = { value };
  const todo: Array<[any, number]> = [[root, 0]];
  while (todo.length) {
    const [node, depth] = todo.pop()!;
    for (const name of Object.keys(node)) {
      let item = node[name];
      if (typeof item === "string") item = maskText(item, forms);
      else if (item && typeof item === "object") depth < 64 ? todo.push([item, depth + 1]) : (item = "[nested too deep]");
      const masked = maskText(name, forms);
      if (masked !== name) delete node[name];
      // defineProperty, not assignment: a "__proto__" key from JSON.parse is an own property and must stay one.
      if (masked !== name || item !== node[name]) Object.defineProperty(node, masked, { value: item, enumerable: true, writable: true, configurable: true });
    }
  }
  return root.value;
}
