// The npm package works in a fresh project: `npm pack` (which builds dist/ through `prepack`), install the
// tarball into an empty project, call the client against a local server, read spec files through the
// exports map, and type-check a TypeScript file against the shipped declarations.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readJson, repoRoot } from "../../scripts/lib/providers.ts";
import { providers } from "../helpers/bundles.ts";

const ARTEFACTS = ["openapi.json", "openapi.yaml", "openapi.dereferenced.json", "openapi.3.0.json", "openapi.3.2.json", "openapi.3.2.yaml", "openapi.wire.json"];
const consumer = path.join(repoRoot, "tests", "publish", "consumer");
let tmp = "";
let app = "";
let tarball = "";

const sh = (file: string, args: string[], cwd: string) =>
  execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });

/** The package's dependencies and theirs, as installed in node_modules. */
function runtimeDependencies(): string[] {
  const seen = new Set<string>();
  const stack = Object.keys(readJson(path.join(repoRoot, "package.json")).dependencies ?? {});
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...Object.keys(readJson(path.join(repoRoot, "node_modules", name, "package.json")).dependencies ?? {}));
  }
  return [...seen].sort();
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-pack-"));
  fs.mkdirSync(path.join(tmp, "deps"));
  sh("npm", ["pack", "--pack-destination", tmp], repoRoot);
  tarball = path.join(tmp, fs.readdirSync(tmp).find((f) => f.startsWith("gemini-native-openapi-") && f.endsWith(".tgz"))!);
  app = path.join(tmp, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // Offline (tests reach only loopback): the runtime dependencies are packed from node_modules and installed
  // next to the tarball, with an empty cache so nothing can come from elsewhere.
  const deps = path.join(tmp, "deps");
  for (const name of runtimeDependencies()) {
    sh("npm", ["pack", "--ignore-scripts", "--pack-destination", deps, path.join(repoRoot, "node_modules", name)], repoRoot);
  }
  const depTarballs = fs.readdirSync(deps).map((f) => path.join(deps, f));
  sh("npm", ["install", "--offline", "--cache", path.join(tmp, "cache"), "--no-audit", "--no-fund", tarball, ...depTarballs], app);
  fs.copyFileSync(path.join(consumer, "use-client.mjs"), path.join(app, "use-client.mjs"));
  fs.copyFileSync(path.join(consumer, "use-types.ts.txt"), path.join(app, "use-types.ts"));
  fs.copyFileSync(path.join(consumer, "tsconfig.json"), path.join(app, "tsconfig.json"));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("npm package", () => {
  test("the tarball holds the client, its declarations and every provider's artefacts, and nothing else", () => {
    const files = sh("tar", ["-tzf", tarball], tmp).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    for (const file of ["dist/src/index.js", "dist/src/index.d.ts", "dist/generated/providers.js", "README.md", "CHANGELOG.md", "package.json"]) {
      expect(files).toContain(file);
    }
    for (const id of providers) {
      for (const artefact of ARTEFACTS) expect(files).toContain(`generated/${id}/${artefact}`);
      expect(files).toContain(`dist/generated/${id}/types.d.ts`);
    }
    expect(files.filter((f) => /^(spec|scripts|tests|releases|src|node_modules|\.scratch)\//.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  test("installed in a fresh project, the client calls a server and the specs load through the exports map", () => {
    const out = JSON.parse(sh(process.execPath, ["use-client.mjs", ...providers], app).trim());
    expect(out.text).toBe("Hello");
    expect(out.streamed).toEqual(["Hel", "lo"]);
    expect(out.error).toEqual({ isGeminiApiError: true, status: 404, code: "NOT_FOUND" });
    expect(out.requests).toEqual([
      { path: "/v1beta/models/gemini-2.5-flash:generateContent", key: "test-key", text: "hi" },
      { path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", key: "test-key", text: "hi" },
      { path: "/v1beta/models/unknown-model:generateContent", key: "test-key", text: "hi" },
    ]);
    expect(out.spec).toEqual({ openapi: "3.1.0", operations: ["generateContent", "streamGenerateContent"] });
    for (const id of providers) {
      expect(out.files[`${id}/openapi.yaml`]).toMatch(/^openapi: 3\.1\.0/);
      expect(out.files[`${id}/openapi.3.0.json`].openapi).toBe("3.0.3");
      expect(out.files[`${id}/openapi.3.2.json`].openapi).toBe("3.2.0");
      expect(out.files[`${id}/openapi.3.2.yaml`]).toMatch(/^openapi: 3\.2\.0/);
      for (const artefact of ["openapi.json", "openapi.dereferenced.json", "openapi.wire.json"]) {
        expect(out.files[`${id}/${artefact}`].openapi, `${id}/${artefact}`).toBe("3.1.0");
      }
    }
  });

  test("a TypeScript project type-checks against the shipped declarations (client and per-provider types)", () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    let output = "";
    try {
      output = sh(process.execPath, [tsc, "-p", "tsconfig.json"], app);
    } catch (error: any) {
      output = `${error.stdout}${error.stderr}` || String(error);
    }
    expect(output).toBe("");
  });
});
