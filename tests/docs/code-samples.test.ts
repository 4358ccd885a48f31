// Every operation of every provider carries curl, TypeScript and Python samples, and each sample uses that
// provider's own base URL, auth placement and a model it documents. The curl samples are parsed as shell
// commands; the TypeScript samples are run (pointed at a local server) and must send the same request the
// curl sample describes; the Python samples are checked for the google-genai options they need.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { repoRoot } from "../../scripts/lib/providers.ts";
import { bundle, providers } from "../helpers/bundles.ts";
import { json, startServer, type Received } from "../helpers/local-server.ts";

const LABELS = ["curl", "TypeScript", "Python"];
const keyFor = (id: string) => `test-key-${id}`;
const variableFor = (id: string) => `${id.toUpperCase()}_API_KEY`;

interface Case {
  id: string;
  operationId: string;
  template: string;
  samples: Record<string, string>;
  doc: any;
}

const cases: Case[] = providers.flatMap((id) => {
  const { doc } = bundle(id);
  return Object.entries<any>(doc.paths).map(([template, item]) => ({
    id,
    operationId: item.post.operationId,
    template,
    samples: Object.fromEntries((item.post["x-codeSamples"] ?? []).map((s: any) => [s.label, s.source])),
    doc,
  }));
});
const name = (c: Case) => `${c.id} ${c.operationId}`;

/** What the spec says a request to this operation must look like. */
function expectations(c: Case) {
  const { doc } = c;
  const server = doc.servers[0];
  const baseUrl = server.url.replace(/\{(\w+)\}/g, (_: string, v: string) => server.variables[v].default);
  const model = doc.components.parameters.Model;
  const models: string[] = model.schema.anyOf.find((b: any) => b.enum).enum;
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const key of Object.keys(doc.security[0])) {
    const scheme = doc.components.securitySchemes[key];
    if (scheme.type === "http") headers.authorization = `Bearer ${keyFor(c.id)}`;
    else if (scheme.in === "header") headers[scheme.name.toLowerCase()] = keyFor(c.id);
    else query[scheme.name] = keyFor(c.id);
  }
  for (const [k, v] of Object.entries<string>(doc["x-gemini-provider"].requiredHeaders ?? {})) headers[k.toLowerCase()] = v;
  const streaming = c.operationId === "streamGenerateContent";
  if (streaming) query.alt = "sse";
  const op = doc.paths[c.template].post;
  const requestExample = Object.values<any>(op.requestBody.content["application/json"].examples)[0].value;
  return { baseUrl, models, headers, query, streaming, requestExample };
}

// ---- a small POSIX shell word splitter: quotes, backslash-newline, ${VAR} expansion; no operators allowed ----
function shellWords(source: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const expand = () => {
    const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(source.slice(i));
    if (!m) throw new Error(`unsupported $ at ${i}`);
    const variable = m[1] ?? m[2];
    if (!(variable in env)) throw new Error(`sample reads undefined variable ${variable}`);
    i += m[0].length;
    return env[variable];
  };
  while (i < source.length) {
    const c = source[i];
    if (c === "\\" && source[i + 1] === "\n") { i += 2; continue; }
    if (/\s/.test(c)) { if (word !== null) words.push(word); word = null; i++; continue; }
    word ??= "";
    if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) throw new Error("unterminated single quote");
      word += source.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (source[i] !== '"') {
        if (i >= source.length) throw new Error("unterminated double quote");
        if (source[i] === "\\" && /["\\$`\n]/.test(source[i + 1])) { word += source[i + 1]; i += 2; }
        else if (source[i] === "$") word += expand();
        else if (source[i] === "`") throw new Error("command substitution in a sample");
        else word += source[i++];
      }
      i++;
    } else if (c === "\\") { word += source[i + 1]; i += 2; }
    else if (c === "$") word += expand();
    else if (/[;&|<>()`]/.test(c)) throw new Error(`shell operator ${c} in a sample`);
    else { word += c; i++; }
  }
  if (word !== null) words.push(word);
  return words;
}

function parseCurl(source: string, env: Record<string, string>) {
  const words = shellWords(source, env);
  expect(words[0]).toBe("curl");
  const request = { method: "GET", url: "", headers: {} as Record<string, string>, body: undefined as string | undefined, noBuffer: false };
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === "-X") request.method = words[++i];
    else if (word === "-H") {
      const [header, ...rest] = words[++i].split(": ");
      request.headers[header.toLowerCase()] = rest.join(": ");
    } else if (word === "-d") request.body = words[++i];
    else if (word === "--no-buffer") request.noBuffer = true;
    else if (word.startsWith("-")) throw new Error(`unexpected curl option ${word}`);
    else if (request.url) throw new Error(`second URL ${word}`);
    else request.url = word;
  }
  return request;
}

const envFor = (id: string) => ({ [variableFor(id)]: keyFor(id) });
const queryOf = (url: URL) => Object.fromEntries(url.searchParams);

describe("x-codeSamples", () => {
  test.each(cases.map((c) => [name(c), c] as const))("%s: curl, TypeScript and Python, without a real key", (_, c) => {
    expect(Object.keys(c.samples)).toEqual(LABELS);
    for (const source of Object.values(c.samples)) {
      expect(source).toContain(variableFor(c.id));
      expect(source).not.toMatch(/AIza[0-9A-Za-z_-]{35}|Bearer [A-Za-z0-9._~+/-]{16,}/);
    }
  });

  test.each(cases.map((c) => [name(c), c] as const))("%s: the curl sample is a valid command with this provider's URL, auth and body", (_, c) => {
    const want = expectations(c);
    const request = parseCurl(c.samples.curl, envFor(c.id));
    expect(request.method).toBe("POST");
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`.startsWith(`${want.baseUrl}/v1beta/models/`)).toBe(true);
    const model = decodeURIComponent(url.pathname.slice(`${new URL(want.baseUrl).pathname.replace(/\/$/, "")}/v1beta/models/`.length)).split(":")[0];
    expect(want.models).toContain(model);
    expect(`${url.origin}${url.pathname}`).toBe(`${want.baseUrl}${c.template.replace("{model}", model)}`);
    expect(queryOf(url)).toEqual(want.query);
    for (const [header, value] of Object.entries(want.headers)) expect(request.headers[header], header).toBe(value);
    expect(Object.keys(request.headers).sort()).toEqual([...Object.keys(want.headers), "content-type"].sort());
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.noBuffer).toBe(want.streaming);
    const body = JSON.parse(request.body!);
    expect(body).toEqual(want.requestExample);
    expect(bundle(c.id).validators.requestBody(c.operationId)(body)).toBe(true);
  });

  test.each(cases.map((c) => [name(c), c] as const))("%s: the TypeScript sample compiles and uses this package's client", async (_, c) => {
    const want = expectations(c);
    const source = c.samples.TypeScript;
    await transform(source, { loader: "ts", format: "esm" });
    expect(source).toContain(`import { createGeminiClient } from "gemini-native-openapi";`);
    expect(source).toContain(`provider: ${JSON.stringify(c.id)},`);
    expect(source).toContain(`baseUrl: ${JSON.stringify(want.baseUrl)},`);
    expect(source).toContain(`apiKey: process.env.${variableFor(c.id)}!,`);
    expect(source).toContain(want.streaming ? "client.streamGenerateContent(" : "client.generateContent(");
  });

  test.each(cases.map((c) => [name(c), c] as const))("%s: the Python sample points google-genai at this provider with its auth", (_, c) => {
    const want = expectations(c);
    const source = c.samples.Python;
    expect(source).toMatch(/^from google import genai$/m);
    expect(source).toMatch(/^from google\.genai import types$/m);
    expect(source).toContain(`key = os.environ[${JSON.stringify(variableFor(c.id))}]`);
    expect(source).toContain("    api_key=key,");
    expect(source).toContain("http_options=types.HttpOptions(");
    expect(source).toContain(`base_url=${JSON.stringify(want.baseUrl)},`);
    const model = /model="([^"]+)"/.exec(source)![1];
    expect(want.models).toContain(model);
    expect(source).toContain(want.streaming ? "client.models.generate_content_stream(" : "client.models.generate_content(");
    // Every header except x-goog-api-key (which api_key already sends) goes through http_options.headers.
    const headerLine = /headers=\{(.*)\},/.exec(source)?.[1] ?? "";
    for (const [header, value] of Object.entries(want.headers)) {
      if (header === "x-goog-api-key") continue;
      const expected = value === keyFor(c.id) ? "key" : value.includes(keyFor(c.id)) ? `f"${value.replace(keyFor(c.id), "{key}")}"` : JSON.stringify(value);
      const shown = new RegExp(`"([^"]+)": ${expected.replace(/[{}"]/g, "\\$&")}`).exec(headerLine);
      expect(shown?.[1].toLowerCase(), `${header} header`).toBe(header);
    }
    const params = /client_args=\{"params": \{(.*)\}\},/.exec(source)?.[1];
    const keyParams = Object.keys(want.query).filter((p) => p !== "alt");
    expect(params ?? "").toBe(keyParams.map((p) => `${JSON.stringify(p)}: key`).join(", "));
    // The contents literal is the request example's contents, in Python syntax.
    expect(pythonLiteral(source, "contents=")).toEqual(want.requestExample.contents);
  });

  test("a security scheme the samples cannot express is a clear error, not a wrong sample", async () => {
    // A plain JS module without type declarations (the Redocly plugin), hence the untyped import.
    const { authPlacement } = await import("../../spec/plugins/code-samples.js" as string) as { authPlacement(root: unknown): unknown };
    const root = { security: [{ session: [] }], components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "sid" } } } };
    expect(() => authPlacement(root)).toThrow(/no sample for security scheme 'session'/);
  });
});

/** Reads the Python literal that follows `marker` (dicts, lists, strings, numbers, True/False/None) as JSON. */
function pythonLiteral(source: string, marker: string): unknown {
  let i = source.indexOf(marker) + marker.length;
  let out = "";
  let depth = 0;
  do {
    const c = source[i];
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(source.slice(i))!;
      out += m[0];
      i += m[0].length;
      continue;
    }
    if (c === "[" || c === "{") depth++;
    if (c === "]" || c === "}") {
      depth--;
      out = out.replace(/,\s*$/, "");
    }
    const word = /^(True|False|None)\b/.exec(source.slice(i))?.[1];
    if (word) {
      out += { True: "true", False: "false", None: "null" }[word];
      i += word.length;
      continue;
    }
    out += c;
    i++;
  } while (depth > 0 && i < source.length);
  return JSON.parse(out);
}

// ---- the TypeScript samples, run against a local server ---------------------------------------------------

describe("TypeScript samples, run against a local server", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let recorded: Received[];
  let origin: string;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-samples-"));

  beforeAll(async () => {
    // The n-th request answers the n-th case with its provider's basic-text example.
    server = await startServer((_req, res) => {
      const c = cases[server.received.length - 1];
      const content = c?.doc.paths[c.template].post.responses["200"].content;
      if (c?.operationId === "streamGenerateContent") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end(content["text/event-stream"].examples["basic-text"].value);
      } else {
        json(res, 200, content?.["application/json"].examples["basic-text"].value ?? {});
      }
    });
    recorded = server.received;
    origin = server.url;
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("each sample sends exactly the request its curl sample describes and prints the reply", async () => {
    const client = path.join(repoRoot, "src", "index.ts");
    expect(fs.existsSync(client), "src/index.ts (the client the samples use) is missing").toBe(true);
    const files = cases.map((c, i) => {
      const { baseUrl } = expectations(c);
      const local = `${origin}${new URL(baseUrl).pathname.replace(/\/$/, "")}`;
      const source = c.samples.TypeScript
        .replace(`from "gemini-native-openapi"`, `from ${JSON.stringify(client)}`)
        .replace(`baseUrl: ${JSON.stringify(baseUrl)}`, `baseUrl: ${JSON.stringify(local)}`);
      const file = path.join(work, `${i}-${c.id}-${c.operationId}.mts`);
      fs.writeFileSync(file, source);
      return file;
    });
    const runner = path.join(work, "run.mts");
    fs.writeFileSync(runner, `import { pathToFileURL } from "node:url";
for (const file of process.argv.slice(2)) {
  process.stdout.write(">>>\\n");
  await import(pathToFileURL(file).href);
  process.stdout.write("\\n");
}
`);
    const env = { ...process.env, ...Object.fromEntries(providers.map((id) => [variableFor(id), keyFor(id)])) };
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", runner, ...files], { cwd: repoRoot, env });
    const printed = stdout.split(">>>\n").slice(1).map((s) => s.trim());
    expect(recorded).toHaveLength(cases.length);
    expect(printed).toHaveLength(cases.length);

    cases.forEach((c, i) => {
      const sent = recorded[i];
      const curl = parseCurl(c.samples.curl, envFor(c.id));
      const described = new URL(curl.url);
      const got = new URL(sent.url, origin);
      expect(sent.method, name(c)).toBe(curl.method);
      expect(`${described.origin}${got.pathname}`, name(c)).toBe(`${described.origin}${described.pathname}`);
      expect(queryOf(got), name(c)).toEqual(queryOf(described));
      for (const [header, value] of Object.entries(curl.headers)) expect(sent.headers[header], `${name(c)}: ${header}`).toBe(value);
      expect(JSON.parse(sent.body), name(c)).toEqual(JSON.parse(curl.body!));

      const content = c.doc.paths[c.template].post.responses["200"].content;
      const chunks = c.operationId === "streamGenerateContent"
        ? String(content["text/event-stream"].examples["basic-text"].value).split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)))
        : [content["application/json"].examples["basic-text"].value];
      const text = chunks.map((chunk: any) => chunk.candidates?.[0]?.content?.parts?.map((p: any) => p.text ?? "").join("") ?? "").join("");
      expect(text.length, `${name(c)}: the example reply has text`).toBeGreaterThan(0);
      expect(printed[i], name(c)).toBe(text.trim());
    });
  });
});
