// Writes reference/google-genai/sdk-inventory.json: the fields and enum values of the official JS SDK,
// @google/genai, for generateContent, countTokens, embeddings and the model list (the requests it sends, the
// responses it reads), and whether it uses each with the Gemini API or only with Vertex AI
// (scripts/lib/sdk/inventory.ts). The SDK's newest releases need Node 22, so it is not a dependency here: by
// default this script fetches the pinned release with `npm pack` into a temporary folder and reads its
// dist/genai.d.ts and dist/index.mjs; `--package DIR` reads an unpacked package instead.
// Usage: tsx scripts/reference-sdk.ts [--version X.Y.Z | --package DIR] [--out FILE]
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readConverters } from "./lib/sdk/converters.ts";
import { readDeclarations } from "./lib/sdk/declarations.ts";
import { buildInventory, ROOTS } from "./lib/sdk/inventory.ts";
import { sdkInventoryFile } from "./lib/sdk-coverage.ts";

const PACKAGE = "@google/genai";
const PINNED = "3.3.0";

const { values: args } = parseArgs({
  options: { version: { type: "string", default: PINNED }, package: { type: "string" }, out: { type: "string", default: sdkInventoryFile } },
});

interface Tarball { filename: string; shasum: string; integrity: string }

function packed(version: string): { dir: string; tarball: Tarball; cleanup: () => void } {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "genai-pack-"));
  const out = execFileSync("npm", ["pack", `${PACKAGE}@${version}`, "--json", "--pack-destination", scratch], { encoding: "utf8" });
  const [info] = JSON.parse(out) as Tarball[];
  execFileSync("tar", ["-xzf", path.join(scratch, info.filename), "-C", scratch]);
  return { dir: path.join(scratch, "package"), tarball: info, cleanup: () => fs.rmSync(scratch, { recursive: true, force: true }) };
}

const source = args.package
  ? { dir: path.resolve(args.package), tarball: undefined, cleanup: () => {} }
  : packed(args.version!);
try {
  const manifest = JSON.parse(fs.readFileSync(path.join(source.dir, "package.json"), "utf8"));
  if (manifest.name !== PACKAGE) throw new Error(`${source.dir} holds ${manifest.name}, not ${PACKAGE}`);
  const files = { declarations: "dist/genai.d.ts", converters: "dist/index.mjs" };
  const text = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.readFileSync(path.join(source.dir, f), "utf8")]));
  const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
  const inventory = buildInventory(readDeclarations(text.declarations), readConverters(text.converters));
  const values = inventory.fields.flatMap((f) => f.enum?.values ?? []);
  const document = {
    meta: {
      package: PACKAGE,
      version: manifest.version,
      ...(source.tarball ? { tarball: source.tarball.filename, shasum: source.tarball.shasum, integrity: source.tarball.integrity } : {}),
      files: Object.fromEntries(Object.values(files).map((f, i) => [f, { sha256: sha256(Object.values(text)[i]) }])),
      generated: new Date().toISOString().slice(0, 10),
      generator: "scripts/reference-sdk.ts (npm run reference:sdk)",
      roots: ROOTS.map((r) => `${r.path}: ${r.type} through ${r.mldev} / ${r.vertex}`),
      pathNotation: "[] = list element, {} = map value; names as sent on the wire",
      rule: "api is what the SDK's converters say (a field the …ToMldev converter sends or the …FromMldev one reads is `gemini`; one it throws for, or only the Vertex converter handles, is `vertex`), or, inside objects passed through unchanged, the doc comment of the field or of its type (\"not supported in Gemini API\" makes it `vertex`). clientOnly lists fields neither converter touches: they never travel.",
    },
    counts: {
      fields: inventory.fields.length,
      gemini: inventory.fields.filter((f) => f.api === "gemini").length,
      vertex: inventory.fields.filter((f) => f.api === "vertex").length,
      enumValues: values.length,
      clientOnly: inventory.clientOnly.length,
    },
    fields: inventory.fields,
    clientOnly: inventory.clientOnly,
  };
  fs.mkdirSync(path.dirname(args.out!), { recursive: true });
  fs.writeFileSync(args.out!, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`${PACKAGE}@${manifest.version}: ${document.counts.fields} fields (${document.counts.gemini} Gemini API, ${document.counts.vertex} Vertex-only), ${values.length} enum values -> ${path.relative(process.cwd(), args.out!)}`);
} finally {
  source.cleanup();
}
