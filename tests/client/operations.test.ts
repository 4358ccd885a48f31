// The methods beyond generation (countTokens, embedContent, batchEmbedContents, listModels with listAllModels,
// getModel) on a loopback server: what each puts on the wire for each provider that serves it, a GeminiApiError
// before anything is sent for each that does not, paging, and the guarantees generateContent has (errors, masking,
// limits, timeout, redirects). Which provider serves what is written out from the providers' documentation here,
// not read from the generated table the client uses.
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type CallOptions, createGeminiClient, GeminiApiError, type GeminiClient } from "../../src/index.ts";
import { json, type Received, startServer } from "../helpers/local-server.ts";
import { leakIn } from "./leaks.ts";

const KEY = "operations-test-key-0123456789";
const contents = [{ role: "user", parts: [{ text: "hi" }] }];
const embedding = { content: { parts: [{ text: "sunny day" }] }, taskType: "RETRIEVAL_DOCUMENT" as const };
const model = { name: "models/gemini-2.5-flash", version: "001", inputTokenLimit: 1048576 };

type AnyClient = GeminiClient<"google">;
interface Operation {
  call: (client: AnyClient, options?: CallOptions) => Promise<unknown>;
  method: "GET" | "POST";
  path: string;
  /** the JSON body that must arrive (POST only) */
  body?: unknown;
  reply: unknown;
}

const OPERATIONS: Record<string, Operation> = {
  countTokens: {
    call: (c, o) => c.countTokens("gemini-2.5-flash", { contents }, o),
    method: "POST", path: "/v1beta/models/gemini-2.5-flash:countTokens", body: { contents }, reply: { totalTokens: 2 },
  },
  embedContent: {
    call: (c, o) => c.embedContent("gemini-embedding-001", embedding, o),
    method: "POST", path: "/v1beta/models/gemini-embedding-001:embedContent", body: embedding, reply: { embedding: { values: [0.1, 0.2] } },
  },
  batchEmbedContents: {
    call: (c, o) => c.batchEmbedContents("gemini-embedding-001", { requests: [{ ...embedding, model: "models/gemini-embedding-001" }] }, o),
    method: "POST", path: "/v1beta/models/gemini-embedding-001:batchEmbedContents",
    body: { requests: [{ ...embedding, model: "models/gemini-embedding-001" }] }, reply: { embeddings: [{ values: [0.1, 0.2] }] },
  },
  listModels: { call: (c, o) => c.listModels({}, o), method: "GET", path: "/v1beta/models", reply: { models: [model] } },
  getModel: { call: (c, o) => c.getModel("gemini-2.5-flash", o), method: "GET", path: "/v1beta/models/gemini-2.5-flash", reply: model },
};
const NAMES = Object.keys(OPERATIONS);

/** What each provider serves beyond generation, and where its key goes (from its documentation). */
const PROVIDERS: Record<string, { serves: string[]; headers: Record<string, string>; query: Record<string, string> }> = {
  google: { serves: NAMES, headers: { "x-goog-api-key": KEY }, query: {} },
  selfhosted: { serves: ["embedContent", "batchEmbedContents", "listModels"], headers: { authorization: `Bearer ${KEY}` }, query: {} },
  tikhub: { serves: [], headers: { "x-goog-api-key": KEY }, query: {} },
  kkiai: { serves: [], headers: { authorization: `Bearer ${KEY}` }, query: { key: KEY } },
  serevixai: { serves: [], headers: { "x-goog-api-key": KEY, accept: "application/json" }, query: {} },
};

let answer: (req: Received, res: ServerResponse) => unknown;
let server: Awaited<ReturnType<typeof startServer>>;
let elsewhere: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((req, res) => void answer(req, res));
  elsewhere = await startServer((_req, res) => json(res, 200, {}));
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});
beforeEach(() => {
  server.received.length = 0;
  elsewhere.received.length = 0;
});

const client = (provider = "google", options: { timeout?: number; maxResponseBytes?: number; fetch?: typeof fetch; baseUrl?: string } = {}) =>
  createGeminiClient({ provider: provider as "google", apiKey: KEY, baseUrl: server.url, ...options });
const replyWith = (operation: Operation) => (_req: Received, res: ServerResponse) => json(res, 200, operation.reply);
const queryOf = (url: string) => Object.fromEntries(new URL(url, "http://x").searchParams);
const pathOf = (url: string) => new URL(url, "http://x").pathname;

async function failure(call: () => Promise<unknown>): Promise<GeminiApiError> {
  const error = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GeminiApiError);
  return error as GeminiApiError;
}
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of items) seen.push(item);
  return seen;
}

describe.each(Object.entries(PROVIDERS))("%s", (provider, want) => {
  const served = want.serves.map((name) => [name, OPERATIONS[name]] as const);
  const unserved = NAMES.filter((name) => !want.serves.includes(name));

  if (served.length) {
    test.each(served)("%s: request line, auth, body, answer", async (_name, operation) => {
      answer = replyWith(operation);
      expect(await operation.call(client(provider))).toEqual(operation.reply);
      const [got] = server.received;
      expect(server.received).toHaveLength(1);
      expect(got.method).toBe(operation.method);
      expect(pathOf(got.url)).toBe(operation.path);
      expect(queryOf(got.url)).toEqual(want.query);
      for (const [name, value] of Object.entries(want.headers)) expect(got.headers[name], name).toBe(value);
      if (operation.method === "GET") {
        expect(got.body).toBe("");
        expect(got.headers["content-type"]).toBeUndefined();
      } else {
        expect(got.headers["content-type"]).toBe("application/json");
        expect(JSON.parse(got.body)).toEqual(operation.body);
      }
    });
  }

  if (unserved.length) {
    test.each(unserved)("%s (not served): a GeminiApiError, and nothing is sent", async (name) => {
      answer = replyWith(OPERATIONS[name]);
      const error = await failure(() => OPERATIONS[name].call(client(provider)));
      expect(error).toMatchObject({ status: 0, code: "UNIMPLEMENTED", provider });
      expect(error.message).toBe(`${provider}: ${name} is not served by this provider (its spec lists generateContent, streamGenerateContent${
        want.serves.map((s) => `, ${s}`).join("")})`);
      expect(server.received).toEqual([]);
    });
  }

  if (!want.serves.includes("listModels")) {
    test("listAllModels (not served): refused at the call, nothing is sent", () => {
      expect(() => client(provider).listAllModels()).toThrow(expect.objectContaining({ code: "UNIMPLEMENTED", message: expect.stringMatching(/listModels is not served/) }));
      expect(server.received).toEqual([]);
    });
  }
});

describe("model ids", () => {
  test("are sent bare (a leading models/ dropped, as listModels names them) and URL-encoded", async () => {
    answer = (_req, res) => json(res, 200, {});
    const google = client();
    await google.getModel("models/gemini-2.5-flash");
    await google.countTokens("models/tuned/my model?x", { contents });
    await google.embedContent("models/gemini-embedding-001", embedding);
    expect(server.received.map((r) => r.url)).toEqual([
      "/v1beta/models/gemini-2.5-flash",
      "/v1beta/models/tuned%2Fmy%20model%3Fx:countTokens",
      "/v1beta/models/gemini-embedding-001:embedContent",
    ]);
  });

  test.each(["", "models/", undefined])("%j is refused before anything is sent, by every method that takes one", async (id) => {
    answer = (_req, res) => json(res, 200, {});
    const google = client();
    const bad = id as string;
    for (const call of [
      () => google.getModel(bad), () => google.countTokens(bad, { contents }), () => google.embedContent(bad, embedding),
      () => google.batchEmbedContents(bad, { requests: [embedding] }), () => google.generateContent(bad, { contents }),
    ]) {
      expect(await failure(call)).toMatchObject({ status: 0, code: "INVALID_ARGUMENT", message: "google: a model id is required" });
    }
    // A stream fails at the call, as it sends nothing before it is iterated.
    expect(() => google.streamGenerateContent(bad, { contents })).toThrow(GeminiApiError);
    expect(server.received).toEqual([]);
  });

  test("a request that cannot be JSON is refused before anything is sent", async () => {
    const cyclic: any = { contents: [] };
    cyclic.self = cyclic;
    expect(await failure(() => client().countTokens("m", cyclic))).toMatchObject({ status: 0, code: "INVALID_ARGUMENT" });
    expect(await failure(() => client().embedContent("m", { content: { parts: [{ text: 1n as any }] } }))).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(server.received).toEqual([]);
  });
});

test("a POST stays a POST without a request body (the server judges it)", async () => {
  answer = (_req, res) => json(res, 400, { error: { code: 400, message: "no body", status: "INVALID_ARGUMENT" } });
  expect(await failure(() => client().countTokens("m", undefined as any))).toMatchObject({ status: 400 });
  expect(server.received.map((r) => [r.method, r.url, r.body])).toEqual([["POST", "/v1beta/models/m:countTokens", ""]]);
});

test("batchEmbedContents names the model of the call in each entry that names none, and leaves the caller's request alone", async () => {
  answer = (_req, res) => json(res, 200, { embeddings: [] });
  const request = { requests: [{ content: { parts: [{ text: "a" }] } }, { content: { parts: [{ text: "b" }] }, model: "models/other" }] };
  const copy = structuredClone(request);
  await client().batchEmbedContents("models/gemini-embedding-001", request);
  expect(JSON.parse(server.received[0].body)).toEqual({ requests: [
    { content: { parts: [{ text: "a" }] }, model: "models/gemini-embedding-001" },
    { content: { parts: [{ text: "b" }] }, model: "models/other" },
  ] });
  expect(request).toEqual(copy);
});

describe("listModels", () => {
  test("sends pageSize and pageToken (encoded) only when given", async () => {
    answer = (_req, res) => json(res, 200, { models: [] });
    const google = client();
    await google.listModels({ pageSize: 2, pageToken: "a b/c+=&key=x" });
    await google.listModels({ pageToken: "" });
    await google.listModels(null as any);
    expect(queryOf(server.received[0].url)).toEqual({ pageSize: "2", pageToken: "a b/c+=&key=x" });
    expect(server.received.slice(1).map((r) => r.url)).toEqual(["/v1beta/models", "/v1beta/models"]);
  });

  test("returns the page as sent, nextPageToken included", async () => {
    answer = (_req, res) => json(res, 200, { models: [model], nextPageToken: "next" });
    expect(await client().listModels({ pageSize: 1 })).toEqual({ models: [model], nextPageToken: "next" });
  });
});

describe("listAllModels", () => {
  const names = ["a", "b", "c", "d", "e"].map((n) => ({ name: `models/${n}` }));
  /** Google's paging over `names`: offset tokens, no nextPageToken on the last page. */
  const paged = (req: Received, res: ServerResponse) => {
    const { pageSize = "50", pageToken = "0" } = queryOf(req.url);
    const start = Number(pageToken);
    const end = start + Number(pageSize);
    json(res, 200, { models: names.slice(start, end), ...(end < names.length ? { nextPageToken: String(end) } : {}) });
  };

  test("follows nextPageToken until a page comes without one, with the same pageSize on every page", async () => {
    answer = paged;
    expect(await collect(client().listAllModels({ pageSize: 2 }))).toEqual(names);
    expect(server.received.map((r) => queryOf(r.url))).toEqual([{ pageSize: "2" }, { pageSize: "2", pageToken: "2" }, { pageSize: "2", pageToken: "4" }]);
  });

  test.each([["null (a gateway's one page)", null], ["an empty string", ""], ["absent", undefined]])("stops when nextPageToken is %s", async (_name, token) => {
    answer = (_req, res) => json(res, 200, { models: names.slice(0, 2), nextPageToken: token });
    expect(await collect(client("selfhosted").listAllModels())).toEqual(names.slice(0, 2));
    expect(server.received).toHaveLength(1);
  });

  test("a page without models is an empty page", async () => {
    answer = (req, res) => json(res, 200, queryOf(req.url).pageToken ? { models: names.slice(0, 1) } : { nextPageToken: "1" });
    expect(await collect(client().listAllModels())).toEqual(names.slice(0, 1));
  });

  test("nothing is sent until iteration starts, and leaving early asks for no further page", async () => {
    answer = paged;
    const all = client().listAllModels({ pageSize: 2 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.received).toEqual([]);
    for await (const _ of all) break;
    expect(server.received).toHaveLength(1);
  });

  test("a server that answers a token with that same token is stopped at once, and no page is handed out twice", async () => {
    answer = (_req, res) => json(res, 200, { models: names.slice(0, 2), nextPageToken: "again" });
    const seen: unknown[] = [];
    const error = await failure(async () => {
      for await (const m of client().listAllModels()) seen.push(m);
    });
    expect(error).toMatchObject({ code: "DATA_LOSS", message: expect.stringMatching(/would loop/) });
    expect(seen).toEqual(names.slice(0, 2));
    expect(server.received).toHaveLength(2);
  });

  test("a list without end stops after 1,000 pages", async () => {
    let calls = 0;
    const fetch = async () => new Response(JSON.stringify({ models: [], nextPageToken: `t${++calls}` }), { headers: { "content-type": "application/json" } });
    const error = await failure(() => collect(client("google", { fetch }).listAllModels()));
    expect(error).toMatchObject({ code: "RESOURCE_EXHAUSTED", message: expect.stringMatching(/more than 1000 pages/) });
    expect(calls).toBe(1000);
  });

  test.each([
    ["models is not a list", { models: { name: "models/a" } }],
    ["a model is not an object", { models: ["models/a"] }],
    ["nextPageToken is not a string", { models: [], nextPageToken: 2 }],
  ])("%s: DATA_LOSS", async (_name, page) => {
    answer = (_req, res) => json(res, 200, page);
    expect(await failure(() => collect(client().listAllModels()))).toMatchObject({ status: 200, code: "DATA_LOSS", body: page });
  });

  test("an error on a later page is thrown after the models of the pages before", async () => {
    answer = (req, res) => queryOf(req.url).pageToken
      ? json(res, 503, { error: { code: 503, message: "try later", status: "UNAVAILABLE" } })
      : json(res, 200, { models: names.slice(0, 1), nextPageToken: "1" });
    const seen: unknown[] = [];
    const error = await failure(async () => {
      for await (const m of client().listAllModels()) seen.push(m);
    });
    expect(seen).toEqual(names.slice(0, 1));
    expect(error).toMatchObject({ status: 503, code: "UNAVAILABLE" });
  });

  test("the timeout bounds each page's call", async () => {
    answer = (req, res) => (queryOf(req.url).pageToken ? undefined : json(res, 200, { models: names.slice(0, 1), nextPageToken: "1" }));
    const error = await failure(() => collect(client().listAllModels({}, { timeout: 200 })));
    expect(error).toMatchObject({ status: 0, code: "DEADLINE_EXCEEDED" });
    expect(server.received).toHaveLength(2);
  });
});

// The path every method shares with generateContent, checked for each of the new ones.
describe.each(Object.entries(OPERATIONS))("%s shares generateContent's guarantees", (_name, operation) => {
  test("an error answer is a GeminiApiError with the body, the key masked", async () => {
    answer = (_req, res) => json(res, 400, { error: { code: 400, message: `API key ${KEY} not valid`, status: "INVALID_ARGUMENT" } });
    const error = await failure(() => operation.call(client()));
    expect(error).toMatchObject({ status: 400, code: "INVALID_ARGUMENT", provider: "google", message: "google: API key [redacted] not valid" });
    expect(leakIn(error, KEY)).toBeUndefined();
  });

  test.each(["[]", "null", '"text"', "<html>proxy login</html>", JSON.stringify({ error: { code: 500, message: "upstream", status: "INTERNAL" } })])(
    "a 200 of %s is an error", async (body) => {
      answer = (_req, res) => (res.writeHead(200, { "content-type": "application/json" }), res.end(body));
      expect(await failure(() => operation.call(client()))).toBeInstanceOf(GeminiApiError);
    });

  test("a body over maxResponseBytes is RESOURCE_EXHAUSTED", async () => {
    answer = replyWith(operation);
    const limit = JSON.stringify(operation.reply).length - 1;
    expect(await failure(() => operation.call(client("google", { maxResponseBytes: limit })))).toMatchObject({ status: 200, code: "RESOURCE_EXHAUSTED" });
  });

  test("no answer in time is DEADLINE_EXCEEDED", async () => {
    answer = () => undefined;
    expect(await failure(() => operation.call(client("google", { timeout: 100 })))).toMatchObject({ status: 0, code: "DEADLINE_EXCEEDED" });
  });

  test("a refused connection is UNAVAILABLE", async () => {
    expect(await failure(() => operation.call(client("google", { baseUrl: "http://127.0.0.1:9" })))).toMatchObject({ status: 0, code: "UNAVAILABLE" });
  });

  test("a redirect to another origin is not followed; one within the origin is, with the key", async () => {
    answer = (req, res) => (res.writeHead(302, { location: `${elsewhere.url}${req.url}` }), res.end());
    expect(await failure(() => operation.call(client()))).toMatchObject({ status: 302, code: "UNKNOWN" });
    expect(elsewhere.received).toEqual([]);

    server.received.length = 0;
    answer = (req, res) => (req.url.startsWith("/moved")
      ? json(res, 200, operation.reply)
      : (res.writeHead(307, { location: `/moved${req.url}` }), res.end()));
    expect(await operation.call(client())).toEqual(operation.reply);
    expect(server.received.map((r) => r.method)).toEqual([operation.method, operation.method]);
    expect(server.received[1].headers["x-goog-api-key"]).toBe(KEY);
    expect(server.received[1].body).toBe(server.received[0].body);
  });

  test("the caller's abort is its own AbortError, and a per-call timeout replaces the client's", async () => {
    answer = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(await operation.call(client(), { signal: controller.signal }).catch((e: unknown) => e)).toMatchObject({ name: "AbortError" });
    expect(await failure(() => operation.call(client(), { timeout: 50 }))).toMatchObject({ code: "DEADLINE_EXCEEDED", message: expect.stringMatching(/50 ms/) });
  });
});
