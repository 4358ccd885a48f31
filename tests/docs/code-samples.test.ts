// Every operation of every provider carries curl, TypeScript and Python samples, and each sample uses that
// provider's own base URL, auth placement and a model it documents. The curl samples are parsed as shell
// commands; the TypeScript samples are run (pointed at a local server) and must send the requests the curl
// sample describes (a paged list: every page, in turn) and print the reply; the Python samples are checked
// for the google-genai call and options they need.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspect, promisify } from "node:util";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { repoRoot } from "../../scripts/lib/providers.ts";
import { bundle, providers } from "../helpers/bundles.ts";
import { json, startServer } from "../helpers/local-server.ts";
import { deref, operationsOf, type BundleOperation } from "./operations.ts";

const LABELS = ["curl", "TypeScript", "Python"];
const keyFor = (id: string) => `test-key-${id}`;
const variableFor = (id: string) => `${id.toUpperCase()}_API_KEY`;


interface Case extends BundleOperation {
  id: string;
  operationId: string;
  samples: Record<string, string>;
  doc: any;
}

const cases: Case[] = providers.flatMap((id) => operationsOf(bundle(id).doc).map((operation) => ({
  ...operation,
  id,
  operationId: operation.op.operationId,
  samples: Object.fromEntries((operation.op["x-codeSamples"] ?? []).map((s: any) => [s.label, s.source])),
  doc: bundle(id).doc,
})));
const name = (c: Case) => `${c.id} ${c.operationId}`;
// Every sample runs against this package's client (src/index.ts) and a local server.
const executed = cases;

/** What the spec says a request to this operation must look like. */
function expectations(c: Case) {
  const { doc } = c;
  const server = doc.servers[0];
  const baseUrl = server.url.replace(/\{(\w+)\}/g, (_: string, v: string) => server.variables[v].default);
  const modelParameter = c.parameters.find((p) => p.in === "path");
  const models: string[] | undefined = modelParameter?.schema.anyOf.find((b: any) => b.enum).enum;
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
  const requestExample = c.op.requestBody
    ? Object.values<any>(deref(doc, c.op.requestBody).content["application/json"].examples)[0].value
    : undefined;
  const paged = c.parameters.some((p) => p.name === "pageToken");
  return { baseUrl, models, headers, query, streaming, paged, requestExample };
}

/** The 200 answers a call gets: the stream's SSE example, every page of a paged list in order, or one example. */
function answersFor(c: Case): unknown[] {
  const content = deref(c.doc, c.op.responses["200"]).content;
  if (c.operationId === "streamGenerateContent") return [content["text/event-stream"].examples["basic-text"].value];
  const examples = content["application/json"].examples;
  if (expectations(c).paged) {
    // The list's examples, first page first: each page but the last hands out the token of the next.
    const pages = Object.values<any>(examples).map((e) => e.value);
    return pages.slice(0, pages.findIndex((p) => !p.nextPageToken) + 1);
  }
  return [(examples["basic-text"] ?? Object.values<any>(examples)[0]).value];
}

/** Checks what a TypeScript sample printed for those answers. */
function expectPrinted(c: Case, answers: unknown[], output: string) {
  const textOf = (chunk: any) => chunk.candidates?.[0]?.content?.parts?.map((p: any) => p.text ?? "").join("") ?? "";
  let expected: string;
  if (c.operationId === "streamGenerateContent") {
    expected = String(answers[0]).split("\n").filter((l) => l.startsWith("data: ")).map((l) => textOf(JSON.parse(l.slice(6)))).join("");
  } else if (c.operationId === "generateContent") {
    expected = textOf(answers[0]);
  } else if (expectations(c).paged) {
    // A paged list: every model of every page, in order (whether the sample prints the pages or the models).
    const names: string[] = answers.flatMap((page: any) => page.models.map((m: any) => m.name));
    expect(names.length, `${name(c)}: the example pages list models`).toBeGreaterThan(0);
    let at = 0;
    for (const model of names) {
      at = output.indexOf(model, at);
      expect(at, `${name(c)}: ${model} printed, after the models before it`).toBeGreaterThanOrEqual(0);
    }
    return;
  } else {
    // The other samples print what the client returns: the parsed body, as console.log shows an object.
    expected = inspect(answers[0]);
  }
  expect(expected.trim().length, `${name(c)}: the example reply prints something`).toBeGreaterThan(0);
  expect(output, name(c)).toBe(expected.trim());
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

/** The google-genai method that sends each operation's request. */
const PYTHON_CALLS: Record<string, string> = {
  generateContent: "generate_content",
  streamGenerateContent: "generate_content_stream",
  countTokens: "count_tokens",
  // google-genai has one embedding method; on the Gemini API it posts to :batchEmbedContents
  embedContent: "embed_content",
  batchEmbedContents: "embed_content",
  listModels: "list",
  getModel: "get",
};

/** The contents a Python sample passes for a request example: google-genai takes a list of contents. */
function pythonContents(operationId: string, body: any): unknown {
  switch (operationId) {
    case "generateContent":
    case "streamGenerateContent":
      return body.contents;
    case "countTokens":
      return (body.generateContentRequest ?? body).contents;
    case "embedContent":
      return [body.content];
    case "batchEmbedContents":
      return body.requests.map((r: any) => r.content);
    default:
      return undefined;
  }
}
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
    expect(request.method).toBe(c.method);
    const url = new URL(request.url);
    const models = `${new URL(want.baseUrl).pathname.replace(/\/$/, "")}/v1beta/models`;
    expect(`${url.origin}${url.pathname}`.startsWith(`${want.baseUrl}/v1beta/models`)).toBe(true);
    if (want.models) {
      // `{model}` is one path segment, followed by `:method` on a POST
      const model = decodeURIComponent(url.pathname.slice(models.length + 1)).split(":")[0];
      expect(want.models).toContain(model);
      expect(`${url.origin}${url.pathname}`).toBe(`${want.baseUrl}${c.template.replace("{model}", model)}`);
    } else {
      expect(`${url.origin}${url.pathname}`).toBe(`${want.baseUrl}${c.template}`);
    }
    expect(queryOf(url)).toEqual(want.query);
    for (const [header, value] of Object.entries(want.headers)) expect(request.headers[header], header).toBe(value);
    const bodyHeaders = want.requestExample === undefined ? [] : ["content-type"];
    expect(Object.keys(request.headers).sort()).toEqual([...Object.keys(want.headers), ...bodyHeaders].sort());
    expect(request.noBuffer).toBe(want.streaming);
    if (want.requestExample === undefined) {
      expect(request.body, "a GET sends no body").toBeUndefined();
      return;
    }
    expect(request.headers["content-type"]).toBe("application/json");
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
    expect(source).toContain(`client.${c.operationId}(`);
  });

  test.each(cases.map((c) => [name(c), c] as const))("%s: the Python sample calls google-genai at this provider with its auth", (_, c) => {
    const want = expectations(c);
    const source = c.samples.Python;
    expect(source).toMatch(/^from google import genai$/m);
    expect(source).toMatch(/^from google\.genai import types$/m);
    expect(source).toContain(`key = os.environ[${JSON.stringify(variableFor(c.id))}]`);
    expect(source).toContain("    api_key=key,");
    expect(source).toContain("http_options=types.HttpOptions(");
    expect(source).toContain(`base_url=${JSON.stringify(want.baseUrl)},`);
    expect(source).toContain(`client.models.${PYTHON_CALLS[c.operationId]}(`);
    const model = /model="([^"]+)"/.exec(source)?.[1];
    if (want.models) expect(want.models).toContain(model);
    else expect(model, "an operation without {model} names none").toBeUndefined();
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
    const contents = pythonContents(c.operationId, want.requestExample);
    if (contents === undefined) expect(source).not.toContain("contents=");
    else expect(pythonLiteral(source, "contents=")).toEqual(contents);
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

// ---- the TypeScript samples, run ---------------------------------------------------------------------------

const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-samples-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The request a curl sample describes: what a TypeScript sample must send. */
function described(c: Case) {
  const curl = parseCurl(c.samples.curl, envFor(c.id));
  const url = new URL(curl.url);
  const { baseUrl, models } = expectations(c);
  const model = models ? decodeURIComponent(url.pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, "").length)).split("/")[3].split(":")[0] : undefined;
  return { curl, url, model, body: curl.body === undefined ? undefined : JSON.parse(curl.body) };
}

/** Runs samples in one Node process, each with the import of this package pointed at `client`; returns what each printed. */
async function runSamples(label: string, samples: Array<{ c: Case; baseUrl: string }>, client: string) {
  const dir = path.join(work, label);
  fs.mkdirSync(dir, { recursive: true });
  const files = samples.map(({ c, baseUrl }, i) => {
    const source = c.samples.TypeScript
      .replace(`from "gemini-native-openapi"`, `from ${JSON.stringify(client)}`)
      .replace(`baseUrl: ${JSON.stringify(expectations(c).baseUrl)}`, `baseUrl: ${JSON.stringify(baseUrl)}`);
    const file = path.join(dir, `${i}-${c.id}-${c.operationId}.mts`);
    fs.writeFileSync(file, source);
    return file;
  });
  const runner = path.join(dir, "run.mts");
  fs.writeFileSync(runner, `import { pathToFileURL } from "node:url";
for (const file of process.argv.slice(2)) {
  process.stdout.write(">>>\\n");
  await import(pathToFileURL(file).href);
  process.stdout.write("\\n");
}
`);
  const env = { ...process.env, ...Object.fromEntries(providers.map((id) => [variableFor(id), keyFor(id)])) };
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", runner, ...files], { cwd: repoRoot, env });
  return { printed: stdout.split(">>>\n").slice(1).map((out) => out.trim()) };
}

describe("TypeScript samples, run against this package's client and a local server", () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    // Each case has its own base path, /case-<n>; the k-th request of a case gets the k-th of its answers.
    server = await startServer((req, res) => {
      const at = /^\/case-(\d+)\//.exec(req.url);
      const c = at ? executed[Number(at[1])] : undefined;
      if (!c) return json(res, 404, { error: { code: 404, message: `no case at ${req.url}`, status: "NOT_FOUND" } });
      const answer = answersFor(c)[server.received.filter((r) => r.url.startsWith(at![0])).length - 1];
      if (answer === undefined) return json(res, 500, { error: { code: 500, message: "more requests than answers", status: "INTERNAL" } });
      if (c.operationId !== "streamGenerateContent") return json(res, 200, answer);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(answer);
    });
  });
  afterAll(() => server.close());

  test("each sample sends exactly the requests its curl sample describes and prints the reply", async () => {
    const client = path.join(repoRoot, "src", "index.ts");
    expect(executed.length).toBeGreaterThan(0);
    const { printed: output } = await runSamples("client", executed.map((c, i) =>
      ({ c, baseUrl: `${server.url}/case-${i}${new URL(expectations(c).baseUrl).pathname.replace(/\/$/, "")}` })), client);
    expect(output).toHaveLength(executed.length);

    executed.forEach((c, i) => {
      const { curl, url } = described(c);
      const answers = answersFor(c);
      const sent = server.received.filter((r) => r.url.startsWith(`/case-${i}/`));
      expect(sent, name(c)).toHaveLength(answers.length);
      sent.forEach((request, k) => {
        const got = new URL(request.url.replace(`/case-${i}`, ""), server.url);
        expect(request.method, name(c)).toBe(curl.method);
        expect(got.pathname, name(c)).toBe(url.pathname);
        // A paged list: every request after the first asks for the page after the one before.
        const pageToken = k > 0 ? { pageToken: (answers[k - 1] as any).nextPageToken } : {};
        expect(queryOf(got), name(c)).toEqual({ ...queryOf(url), ...pageToken });
        for (const [header, value] of Object.entries(curl.headers)) expect(request.headers[header], `${name(c)}: ${header}`).toBe(value);
        if (curl.body === undefined) expect(request.body, name(c)).toBe("");
        else expect(JSON.parse(request.body), name(c)).toEqual(JSON.parse(curl.body));
      });
      expectPrinted(c, answers, output[i]);
    });
  });
});

