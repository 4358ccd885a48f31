// Writes `x-codeSamples` (curl, TypeScript with this package's client, Python with google-genai) into every
// operation of a provider's bundle. The samples are built from the bundle itself, never typed by hand, so each
// provider's page shows its own base URL, its own auth placement and a model from the enum of the operation's
// model parameter: the first server (variables at their defaults), the first security requirement, the
// operation's first request example (if it takes a body) and, for `alt`, the `sse` value. The TypeScript
// sample calls the client method named after the operationId; the Python sample calls the google-genai method
// that sends that request. Called by the gemini-provider decorator after the examples are attached.

const JSON_TYPE = "application/json";
const METHODS = ["get", "put", "post", "delete", "patch"];

function resolveLocal(root, node) {
  const ref = node?.$ref;
  if (!ref?.startsWith("#/")) return node;
  return ref.slice(2).split("/").reduce((at, key) => at?.[key], root);
}

/** The first server's URL with each `{variable}` at its default, without a trailing slash. */
export function baseUrlOf(root) {
  const server = root.servers?.[0];
  if (!server?.url) throw new Error("code samples: the document has no servers[0].url");
  return server.url
    .replace(/\{([^}]+)\}/g, (_, name) => {
      const fallback = server.variables?.[name]?.default;
      if (fallback === undefined) throw new Error(`code samples: server variable '${name}' has no default`);
      return fallback;
    })
    .replace(/\/+$/, "");
}

/** Environment variable the samples read the credential from, e.g. TIKHUB_API_KEY. */
export function keyVariable(providerId) {
  return `${providerId.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_API_KEY`;
}

/**
 * How the credential travels, from the first security requirement: `headers` maps header name to a value
 * template where `{key}` stands for the credential, `query` maps parameter name to the same.
 */
export function authPlacement(root) {
  const requirement = root.security?.[0];
  if (!requirement) throw new Error("code samples: the document declares no security requirement");
  const placement = { headers: {}, query: {}, schemes: [] };
  for (const name of Object.keys(requirement)) {
    const scheme = root.components?.securitySchemes?.[name];
    if (!scheme) throw new Error(`code samples: security scheme '${name}' is not defined`);
    if (scheme.type === "apiKey" && scheme.in === "header") placement.headers[scheme.name] = "{key}";
    else if (scheme.type === "apiKey" && scheme.in === "query") placement.query[scheme.name] = "{key}";
    else if (scheme.type === "http" && /^bearer$/i.test(scheme.scheme)) placement.headers.Authorization = "Bearer {key}";
    else throw new Error(`code samples: no sample for security scheme '${name}' (${scheme.type} ${scheme.in ?? scheme.scheme})`);
    placement.schemes.push(name);
  }
  return placement;
}

/** The model the samples use: the Model parameter's example when it is one of the enum values, else the first value. */
export function sampleModel(root, parameter) {
  const schema = parameter.schema ?? {};
  const enums = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].find((s) => Array.isArray(s.enum))?.enum;
  if (!enums?.length) throw new Error(`code samples: path parameter '${parameter.name}' has no enum of models`);
  return enums.includes(parameter.example) ? parameter.example : enums[0];
}

function operationsOf(root) {
  return Object.entries(root.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, item, method, operation: item[method] })));
}

function parametersOf(root, item, operation) {
  return [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveLocal(root, p));
}

/** The first request example, or undefined for an operation without a request body. */
function firstRequestExample(root, operation) {
  if (!operation.requestBody) return undefined;
  const examples = resolveLocal(root, operation.requestBody)?.content?.[JSON_TYPE]?.examples ?? {};
  const first = Object.values(examples)[0];
  const value = resolveLocal(root, first)?.value;
  if (value === undefined) throw new Error(`code samples: ${operation.operationId} has no request example to show`);
  return value;
}

/** Everything a sample needs to know about one operation of one provider. */
export function sampleContext(root, provider, { path, item, method, operation }) {
  const parameters = parametersOf(root, item, operation);
  const modelParameter = parameters.find((p) => p.in === "path");
  const model = modelParameter ? sampleModel(root, modelParameter) : undefined;
  const alt = parameters.find((p) => p.in === "query" && p.name === "alt");
  const streaming = Boolean(alt?.schema?.enum?.includes("sse"));
  return {
    provider: provider.id,
    operationId: operation.operationId,
    method: method.toUpperCase(),
    baseUrl: baseUrlOf(root),
    path: modelParameter ? path.replace(`{${modelParameter.name}}`, model) : path,
    model,
    streaming,
    paged: parameters.some((p) => p.in === "query" && p.name === "pageToken"),
    query: streaming ? { alt: "sse" } : {},
    auth: authPlacement(root),
    requiredHeaders: provider.requiredHeaders ?? {},
    keyVariable: keyVariable(provider.id),
    body: firstRequestExample(root, operation),
  };
}

// ---- curl -------------------------------------------------------------------------------------------------

const shellSingleQuoted = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
// Double quotes so that ${VAR} expands; the fixed parts (URLs, header names) never hold ", $, ` or \.
const shellDoubleQuoted = (text) => `"${text}"`;

export function curlSample(ctx) {
  const key = `\${${ctx.keyVariable}}`;
  const fill = (template) => template.replace("{key}", key);
  const query = [
    ...Object.entries(ctx.query),
    ...Object.entries(ctx.auth.query).map(([name, value]) => [name, fill(value)]),
  ].map(([name, value]) => `${name}=${value}`).join("&");
  const url = `${ctx.baseUrl}${ctx.path}${query ? `?${query}` : ""}`;
  const headers = [
    ...Object.entries(ctx.auth.headers).map(([name, value]) => `${name}: ${fill(value)}`),
    ...Object.entries(ctx.requiredHeaders).map(([name, value]) => `${name}: ${value}`),
    ...(ctx.body === undefined ? [] : [`Content-Type: ${JSON_TYPE}`]),
  ];
  const lines = [
    `curl ${ctx.streaming ? "--no-buffer " : ""}-X ${ctx.method} ${shellDoubleQuoted(url)}`,
    ...headers.map((header) => `  -H ${shellDoubleQuoted(header)}`),
    ...(ctx.body === undefined ? [] : [`  -d ${shellSingleQuoted(literal(ctx.body, "json"))}`]),
  ];
  return lines.join(" \\\n");
}

// ---- literals for TypeScript and Python -------------------------------------------------------------------

const LINE_WIDTH = 72;

// Pretty-prints a JSON value as JSON, a TypeScript literal or a Python literal, keeping a value on one line
// when it fits.
function literal(value, language, depth = 0) {
  const flat = flatLiteral(value, language);
  const unit = language === "python" ? "    " : "  ";
  const trailing = language === "json" ? "" : ",";
  if (flat.length + unit.length * (depth + 1) <= LINE_WIDTH || value === null || typeof value !== "object") return flat;
  const pad = (n) => unit.repeat(n);
  const items = Array.isArray(value)
    ? value.map((v) => literal(v, language, depth + 1))
    : Object.entries(value).map(([k, v]) => `${keyLiteral(k, language)}: ${literal(v, language, depth + 1)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${items.map((item) => `${pad(depth + 1)}${item}`).join(",\n")}${trailing}\n${pad(depth)}${close}`;
}

function flatLiteral(value, language) {
  if (value === null) return language === "python" ? "None" : "null";
  if (typeof value === "boolean") return language === "python" ? (value ? "True" : "False") : String(value);
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => flatLiteral(v, language)).join(", ")}]`;
  const entries = Object.entries(value).map(([k, v]) => `${keyLiteral(k, language)}: ${flatLiteral(v, language)}`);
  if (entries.length === 0) return "{}";
  return language === "typescript" ? `{ ${entries.join(", ")} }` : `{${entries.join(", ")}}`;
}

const keyLiteral = (key, language) =>
  language === "typescript" && /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);

// ---- TypeScript (this package's client) -------------------------------------------------------------------

/** The client call: `client.<operationId>(model, body)`, with whichever of the two the operation takes; a paged list is read whole. */
function typescriptCall(ctx) {
  const args = [
    ...(ctx.model === undefined ? [] : [JSON.stringify(ctx.model)]),
    ...(ctx.body === undefined ? [] : [literal(ctx.body, "typescript")]),
  ];
  if (ctx.operationId === "generateContent" || ctx.operationId === "streamGenerateContent") return generationCall(ctx, args);
  if (ctx.paged) {
    return [
      `// listAllModels asks for page after page (pageToken = the nextPageToken of the page before) until one comes`,
      `// without a nextPageToken; client.${ctx.operationId}({ pageSize, pageToken }) returns a single page.`,
      `for await (const model of client.listAllModels()) {`,
      `  console.log(model.name);`,
      `}`,
    ];
  }
  return [`const result = await client.${ctx.operationId}(${args.join(", ")});`, `console.log(result);`];
}

function generationCall(ctx, [model, request]) {
  return ctx.streaming
    ? [
        `for await (const chunk of client.streamGenerateContent(${model}, ${request})) {`,
        `  const parts = chunk.candidates?.[0]?.content?.parts ?? [];`,
        `  process.stdout.write(parts.map((part) => part.text ?? "").join(""));`,
        `}`,
      ]
    : [
        `const response = await client.generateContent(${model}, ${request});`,
        `const parts = response.candidates?.[0]?.content?.parts ?? [];`,
        `console.log(parts.map((part) => part.text ?? "").join(""));`,
      ];
}

export function typescriptSample(ctx) {
  return [
    `import { createGeminiClient } from "gemini-native-openapi";`,
    ``,
    `// Sends what ${ctx.provider} expects: ${describeAuth(ctx)}${ctx.streaming ? "; asks for alt=sse" : ""}.`,
    `const client = createGeminiClient({`,
    `  provider: ${JSON.stringify(ctx.provider)},`,
    `  baseUrl: ${JSON.stringify(ctx.baseUrl)},`,
    `  apiKey: process.env.${ctx.keyVariable}!,`,
    `});`,
    ``,
    ...typescriptCall(ctx),
  ].join("\n");
}

function describeAuth(ctx) {
  return [
    ...Object.entries(ctx.auth.headers).map(([name, value]) => `${name}: ${value.replace("{key}", "<key>")}`),
    ...Object.keys(ctx.auth.query).map((name) => `?${name}=<key>`),
    ...Object.entries(ctx.requiredHeaders).map(([name, value]) => `${name}: ${value}`),
  ].join(", ");
}

// ---- Python (google-genai) --------------------------------------------------------------------------------

// google-genai sends `api_key` as x-goog-api-key and requires one; other placements go through http_options:
// `headers` for extra headers, `client_args` for the httpx.Client, whose `params` join every request's query.
export function pythonSample(ctx) {
  const headers = [];
  for (const [name, value] of Object.entries(ctx.auth.headers)) {
    if (name.toLowerCase() === "x-goog-api-key" && value === "{key}") continue;
    headers.push(`${JSON.stringify(name)}: ${value === "{key}" ? "key" : `f${JSON.stringify(value)}`}`);
  }
  for (const [name, value] of Object.entries(ctx.requiredHeaders)) headers.push(`${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  const query = Object.keys(ctx.auth.query);
  const sendsGoogHeader = "x-goog-api-key" in ctx.auth.headers;

  const options = [`        base_url=${JSON.stringify(ctx.baseUrl)},`];
  if (headers.length) options.push(`        headers={${headers.join(", ")}},`);
  if (query.length) {
    options.push(`        # ${ctx.provider} also wants the key in the query: httpx adds these params to every request URL.`);
    options.push(`        client_args={"params": {${query.map((name) => `${JSON.stringify(name)}: key`).join(", ")}}},`);
  }
  return [
    `import os`,
    ``,
    `from google import genai`,
    `from google.genai import types`,
    ``,
    `key = os.environ[${JSON.stringify(ctx.keyVariable)}]`,
    `client = genai.Client(`,
    sendsGoogHeader
      ? `    api_key=key,  # sent as x-goog-api-key`
      : `    api_key=key,  # required by the SDK, which sends it as x-goog-api-key; ${ctx.provider} reads the key below`,
    `    http_options=types.HttpOptions(`,
    ...options,
    `    ),`,
    `)`,
    ``,
    ...pythonCall(ctx),
  ].join("\n");
}

/** The keyword arguments of a google-genai call, one per line. */
const pythonArgs = (args) => Object.entries(args)
  .filter(([, value]) => value !== undefined && !(typeof value === "object" && Object.keys(value).length === 0))
  .map(([name, value]) => `    ${name}=${literal(value, "python", 1)},`);

// The google-genai method that sends each operation's request, with the request example mapped onto its
// arguments (config keys stay in the wire's camelCase, which the SDK's models accept).
function pythonCall(ctx) {
  const body = ctx.body ?? {};
  switch (ctx.operationId) {
    case "generateContent":
    case "streamGenerateContent": {
      const { contents, generationConfig, ...rest } = body;
      const args = pythonArgs({ model: ctx.model, contents, config: { ...(generationConfig ?? {}), ...rest } });
      return ctx.streaming
        ? [`# The SDK calls :streamGenerateContent?alt=sse.`, `for chunk in client.models.generate_content_stream(`, ...args, `):`, `    print(chunk.text or "", end="")`]
        : [`response = client.models.generate_content(`, ...args, `)`, `print(response.text)`];
    }
    case "countTokens": {
      const request = body.generateContentRequest;
      return [
        ...(request ? [`# The SDK sends only the contents to the Gemini API, so the system instruction and tools are not counted.`] : []),
        `response = client.models.count_tokens(`,
        ...pythonArgs({ model: ctx.model, contents: request ? request.contents : body.contents }),
        `)`,
        `print(response.total_tokens)`,
      ];
    }
    case "embedContent":
    case "batchEmbedContents": {
      const requests = ctx.operationId === "embedContent" ? [body] : body.requests ?? [];
      const { content, model, embedContentConfig, ...settings } = requests[0] ?? {};
      return [
        `# The SDK sends this to :batchEmbedContents, one request per content.`,
        `response = client.models.embed_content(`,
        ...pythonArgs({ model: ctx.model, contents: requests.map((r) => r.content), config: { ...settings, ...(embedContentConfig ?? {}) } }),
        `)`,
        `print([len(embedding.values or []) for embedding in response.embeddings or []])`,
      ];
    }
    case "listModels":
      return [`# The SDK follows nextPageToken itself.`, `for model in client.models.list(config={"page_size": 50}):`, `    print(model.name)`];
    case "getModel":
      return [`model = client.models.get(model=${JSON.stringify(ctx.model)})`, `print(model.display_name, model.input_token_limit)`];
    default:
      throw new Error(`code samples: no google-genai call known for ${ctx.operationId}`);
  }
}

/** Adds curl, TypeScript and Python samples to every operation of the bundle. */
export function attachCodeSamples(root, provider) {
  for (const entry of operationsOf(root)) {
    const ctx = sampleContext(root, provider, entry);
    entry.operation["x-codeSamples"] = [
      { lang: "Shell", label: "curl", source: curlSample(ctx) },
      { lang: "TypeScript", label: "TypeScript", source: typescriptSample(ctx) },
      { lang: "Python", label: "Python", source: pythonSample(ctx) },
    ];
  }
}
