// The README's generator recipes, run as a user would run them against each provider's mock: generate from
// the published bundle, compile, call generateContent, then read streamGenerateContent frame by frame with the
// type generated from the frame schema the bundle publishes. TypeScript: hey-api's client
// (@hey-api/openapi-ts, its CLI), compiled with tsc. Python: quicktype's models (quicktype-core, the library
// under its CLI), compiled with py_compile, calling with the standard library only.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { InputData, JSONSchemaInput, JSONSchemaStore, quicktype, type JSONSchema } from "quicktype-core";
import { afterAll, describe, expect, inject, test } from "vitest";
import { bundlePaths, repoRoot } from "../../scripts/lib/providers.ts";
import { startMock } from "../../src/mock/index.ts";
import { bundle, providers } from "../helpers/bundles.ts";

const run = promisify(execFile);
const recipes = path.join(repoRoot, "tests", "publish", "recipes");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-recipes-"));
const mocks = inject("mocks");
const KEY = "recipe-key";
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function sh(file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
    return stdout;
  } catch (error: any) {
    throw new Error(`${path.basename(file)} ${args.join(" ")} failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}

const STREAM_PATH = "/v1beta/models/{model}:streamGenerateContent";

/** The schema of one frame as the bundle publishes it: the `$ref` of x-itemSchema's data contentSchema. */
function frameSchemaRef(doc: any): string {
  const media = doc.paths[STREAM_PATH].post.responses["200"].content["text/event-stream"];
  return media["x-itemSchema"].properties.data.contentSchema.$ref;
}

/** What each mock answers: the first 200 example of generateContent and the frames of the first SSE example. */
function expected(id: string) {
  const { doc } = bundle(id);
  const textOf = (value: any) => value.candidates?.[0]?.content?.parts?.[0]?.text ?? null;
  const reply = Object.values<any>(doc.paths["/v1beta/models/{model}:generateContent"].post.responses["200"].content["application/json"].examples)[0].value;
  const sse: string = Object.values<any>(doc.paths[STREAM_PATH].post.responses["200"].content["text/event-stream"].examples)[0].value;
  const frames = sse.split("\n\n").filter((f) => f.startsWith("data:")).map((f) => JSON.parse(f.slice(5)));
  return [
    { reply: textOf(reply) },
    ...frames.map((f) => ({ frame: textOf(f), finishReason: f.candidates?.[0]?.finishReason ?? null })),
  ];
}

/** How a provider's first security requirement places the key. */
function keyPlacement(id: string) {
  const { doc } = bundle(id);
  const schemes = Object.keys(doc.security[0]).map((name) => doc.components.securitySchemes[name]);
  const bearer = schemes.some((s) => s.type === "http" && s.scheme === "bearer");
  const query = schemes.some((s) => s.type === "apiKey" && s.in === "query");
  return { bearer, query, python: bearer ? (query ? "bearer+query" : "bearer") : "header" };
}

const modelOf = (id: string) => bundle(id).doc.components.parameters.Model.example;
const lines = (out: string) => out.trim().split("\n").map((line) => JSON.parse(line));

// Two providers cover the TypeScript recipe's branches (generation and tsc take ~5 s a provider): google's
// header and kkiai's Bearer token plus ?key=. The Python recipe, which costs little, runs for every provider.
const TS_PROVIDERS = ["google", "kkiai"];

describe("hey-api (TypeScript) recipe", () => {
  const dir = path.join(work, "hey-api");

  test("a client generated for google and kkiai compiles with tsc", async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    await Promise.all(TS_PROVIDERS.map(async (id) => {
      await sh(process.execPath, [path.join(repoRoot, "node_modules", "@hey-api", "openapi-ts", "bin", "run.js"),
        "-i", bundlePaths(id).json, "-o", path.join(dir, id, "client"), "-c", "@hey-api/client-fetch"], dir);
      const source = fs.readFileSync(path.join(recipes, "hey-api-chat.ts.txt"), "utf8");
      const chat = source.replace("const KEY_IN_QUERY = false;", `const KEY_IN_QUERY = ${keyPlacement(id).query};`);
      expect(chat.includes(`KEY_IN_QUERY = ${keyPlacement(id).query};`)).toBe(true);
      fs.writeFileSync(path.join(dir, id, "chat.ts"), chat);
    }));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true,
        lib: ["ES2022", "DOM", "DOM.Iterable"], types: ["node"], outDir: "out", rootDir: ".",
      },
      files: TS_PROVIDERS.map((id) => `${id}/chat.ts`),
    }));
    expect(await sh(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "."], dir)).toBe("");
    // The frame type is the published frame schema: a union of a chunk and Google's error envelope.
    const types = fs.readFileSync(path.join(dir, "google", "client", "types.gen.ts"), "utf8");
    expect(frameSchemaRef(bundle("google").doc)).toBe("#/components/schemas/GenerateContentStreamEvent");
    expect(types).toContain("export type GenerateContentStreamEvent = GoogleErrorResponse | GenerateContentResponse;");
  });

  test.each(TS_PROVIDERS)("%s: calls the mock with the provider's auth and reads the stream frame by frame", async (id) => {
    const out = await sh(process.execPath, [path.join(dir, "out", id, "chat.js"), mocks[id].baseUrl, KEY, modelOf(id)], dir);
    expect(lines(out)).toEqual(expected(id));
  });

  test("kkiai: the recipe sends the Bearer token and ?key=, as kkiai documents (the mock's journal shows both)", async () => {
    const chat = path.join(dir, "out", "kkiai", "chat.js");
    const without = path.join(dir, "out", "kkiai", "chat-without-query.js");
    fs.writeFileSync(without, fs.readFileSync(chat, "utf8").replace("const KEY_IN_QUERY = true;", "const KEY_IN_QUERY = false;"));
    const kkiai = await startMock({ provider: "kkiai" });
    try {
      await sh(process.execPath, [chat, kkiai.baseUrl, KEY, modelOf("kkiai")], dir);
      expect(kkiai.requests().map((e) => [e.query.key, e.headers.authorization])).toEqual([["REDACTED", "REDACTED"], ["REDACTED", "REDACTED"]]);
      kkiai.clearRequests();
      // kkiai's mock also takes the token alone (kkiai's own example sends an empty key): what differs is the query.
      await sh(process.execPath, [without, kkiai.baseUrl, KEY, modelOf("kkiai")], dir);
      expect(kkiai.requests().map((e) => e.query.key)).toEqual([undefined, undefined]);
    } finally {
      await kkiai.close();
    }
  });
});

describe("quicktype (Python) recipe", () => {
  const dir = path.join(work, "python");

  /** quicktype's Python models for the reply and the published frame schema, from the bundle as it is. */
  async function models(id: string): Promise<string> {
    const doc = bundle(id).doc;
    const address = "openapi.json";
    class Bundle extends JSONSchemaStore {
      async fetch(at: string) { return at === address ? (doc as JSONSchema) : undefined; }
    }
    const input = new JSONSchemaInput(new Bundle());
    await input.addSource({ name: "GenerateContentResponse", uris: [`${address}#/components/schemas/GenerateContentResponse`] });
    await input.addSource({ name: "GenerateContentStreamEvent", uris: [`${address}${frameSchemaRef(doc)}`] });
    const inputData = new InputData();
    inputData.addInput(input);
    const { lines: code } = await quicktype({ inputData, lang: "python", rendererOptions: { "python-version": "3.7" } });
    return `${code.join("\n")}\n`;
  }

  test.each(providers)("%s: models compile, and the script calls the mock and reads the stream frame by frame", async (id) => {
    const at = path.join(dir, id);
    fs.mkdirSync(at, { recursive: true });
    fs.writeFileSync(path.join(at, "models.py"), await models(id));
    fs.copyFileSync(path.join(recipes, "python_chat.py"), path.join(at, "python_chat.py"));
    await sh("python3", ["-m", "py_compile", "models.py", "python_chat.py"], at);
    const out = await sh("python3", ["python_chat.py", mocks[id].baseUrl, KEY, modelOf(id), keyPlacement(id).python], at);
    expect(lines(out)).toEqual(expected(id));
  });

  test("kkiai: the script sends the Bearer token and ?key= (the mock's journal shows both)", async () => {
    const at = path.join(dir, "kkiai");
    const kkiai = await startMock({ provider: "kkiai" });
    try {
      await sh("python3", ["python_chat.py", kkiai.baseUrl, KEY, modelOf("kkiai"), keyPlacement("kkiai").python], at);
      expect(kkiai.requests().map((e) => [e.query.key, e.headers.authorization])).toEqual([["REDACTED", "REDACTED"], ["REDACTED", "REDACTED"]]);
    } finally {
      await kkiai.close();
    }
  });
});
