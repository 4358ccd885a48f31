// Generates malformed requests for the robustness test, reproducibly (seeded): broken JSON, wrong types,
// enum values that cannot be enum names, missing `contents`, oversized and deeply nested bodies, odd headers, wrong methods
// and paths. `expect400` marks the ones that must be refused with exactly 400 (the rest only need a 4xx,
// or may even be accepted: a mutation can land on a value the wire bundle allows).
import { gzipSync } from "node:zlib";

export interface BadRequest {
  kind: string;
  method: string;
  /** path and query, appended to the mock's base URL */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  expect400?: boolean;
}

/** Mulberry32: small, fast and good enough to pick mutations reproducibly. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] };
}

type Rng = ReturnType<typeof random>;

const WRONG_VALUES: unknown[] = [5, -1.5, true, false, "", "x", "NOT_AN_ENUM", [], [1, 2], {}, { a: 1 }, [[[]]], "\u0000", 1e308, "😀"];

/** Every path to a value inside `value`, as key lists. */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function setAt(root: any, path: (string | number)[], value: unknown) {
  if (path.length === 0) return value;
  const copy = structuredClone(root);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = value;
  return copy;
}

function enumPaths(value: unknown, names = /^(mode|category|threshold|responseModalities|mediaResolution)$/) {
  return paths(value).filter((p) => p.length && names.test(String(p.filter((k) => typeof k === "string").at(-1))));
}

export function badRequests(opts: { seed: number; count: number; validBody: unknown; endpoint: string; auth: { headers: Record<string, string>; query: string } }): BadRequest[] {
  const rng: Rng = random(opts.seed);
  const valid = JSON.stringify(opts.validBody);
  const q = opts.auth.query ? `?${opts.auth.query}` : "";
  const json = { "content-type": "application/json", ...opts.auth.headers };
  const post = (kind: string, body: string | Buffer, extra: Partial<BadRequest> = {}): BadRequest =>
    ({ kind, method: "POST", path: `${opts.endpoint}${q}`, headers: json, body, ...extra });

  const makers: Array<() => BadRequest> = [
    () => {
      const cut = 1 + rng.int(valid.length - 1);
      return post("truncated JSON", valid.slice(0, cut), { expect400: true });
    },
    () => post("garbage bytes", Buffer.from(Array.from({ length: 1 + rng.int(200) }, () => rng.int(256))), { expect400: true }),
    () => post("not JSON at all", rng.pick(["hello", "<xml/>", "{'contents': []}", "{contents: []}", "NaN", "{\"contents\": [}", "[", "\u0000"]), { expect400: true }),
    () => post("JSON that is not an object", rng.pick(["5", "\"text\"", "[]", "[{}]", "true", "null"]), { expect400: true }),
    () => post("missing contents", JSON.stringify(rng.pick([{}, { generationConfig: { temperature: 1 } }, { contents: undefined, systemInstruction: { parts: [{ text: "x" }] } }])), { expect400: true }),
    () => {
      const all = paths(opts.validBody).filter((p) => p.length > 0);
      return post("wrong type", JSON.stringify(setAt(opts.validBody, rng.pick(all), rng.pick(WRONG_VALUES))));
    },
    () => {
      const candidates = enumPaths(opts.validBody);
      const body = candidates.length
        ? setAt(opts.validBody, rng.pick(candidates), `BOGUS ${rng.int(1000)}`)
        : { ...(opts.validBody as object), generationConfig: { responseModalities: [`BOGUS ${rng.int(1000)}`] } };
      // An unknown enum *name* is accepted (Google adds values; the wire bundle takes any name): this is not one.
      return post("enum value that cannot be an enum name", JSON.stringify(body), { expect400: true });
    },
    () => post("bad enum in safety settings", JSON.stringify({ ...(opts.validBody as object), safetySettings: [{ category: "HARM CATEGORY NOPE", threshold: "BLOCK ALL THE THINGS" }] }), { expect400: true }),
    () => post("contents of the wrong shape", JSON.stringify({ contents: rng.pick([5, "hi", [5], [{ parts: 5 }], [{ parts: [{ text: 5 }] }], [{ role: 7, parts: [] }]]) }), { expect400: true }),
    () => {
      let deep = "[]";
      for (let i = 0, n = 2_000 + rng.int(20_000); i < n; i++) deep = `[${deep}]`;
      return post("deeply nested", `{"contents":${deep}}`, { expect400: true });
    },
    () => post("wrong Content-Type", valid, { headers: { ...json, "content-type": rng.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "", "application/json; charset=latin1"]) } }),
    () => post("gzip header on plain bytes", valid, { headers: { ...json, "content-encoding": "gzip" }, expect400: true }),
    () => post("unknown Content-Encoding", valid, { headers: { ...json, "content-encoding": rng.pick(["compress", "zstd", "rot13"]) }, expect400: true }),
    () => post("gzip of garbage JSON", gzipSync("{\"contents\":"), { headers: { ...json, "content-encoding": "gzip" }, expect400: true }),
    () => post("odd Prefer", valid, { headers: { ...json, prefer: rng.pick(["code=999", "code=abc", "code=100", "example=", "example=does-not-exist", "code=200, example=nope", "dynamic=maybe, code=", ";;;,,,", "code=42"]) } }),
    () => post("odd headers", valid, { headers: { ...json, "x-goog-api-client": "\t", accept: rng.pick(["text/html", "image/png", "*/*;q=0", "application/xml"]), "x-unknown": "1".repeat(rng.int(4000)) } }),
    () => ({ kind: "wrong method", method: rng.pick(["GET", "PUT", "DELETE", "PATCH", "HEAD"]), path: `${opts.endpoint}${q}`, headers: json, body: undefined }),
    () => ({ kind: "unknown path", method: "POST", path: rng.pick(["/", "/v1beta", "/v1beta/models", "/v1beta/models/:generateContent", "/v1beta/models/a/b:generateContent", "/v1beta/models/x:generate", "/v2/models/x:generateContent", "/%E0%A4%A", "/../../etc/passwd", `/v1beta/models/${"a".repeat(3000)}:nope`]), headers: json, body: valid }),
    () => post("bad alt", valid, { path: `${opts.endpoint.replace(":generateContent", ":streamGenerateContent")}?alt=${rng.pick(["xml", "", "SSE", "proto", "%00"])}${opts.auth.query ? `&${opts.auth.query}` : ""}` }),
  ];

  const out: BadRequest[] = [];
  for (let i = 0; i < opts.count; i++) out.push(makers[i % makers.length]());
  return out;
}

/** Bodies over Google's 20 MB limit, sent with and without a Content-Length. */
export function hugeBody(bytes: number): Buffer {
  const body = Buffer.alloc(bytes, 0x61);
  body.write('{"contents":[{"parts":[{"text":"', 0);
  return body;
}
