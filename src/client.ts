// createGeminiClient: the openapi-fetch client typed with one provider's paths, with that provider's auth
// built in, plus one method per operation the provider serves. The methods call fetch directly: openapi-fetch's
// per-call plumbing costs more than the call itself on a fast link (bench/RESULTS.md).
import type { Client } from "openapi-fetch";
import { providers } from "../generated/providers.ts";
import { clientError, errorFromBody, isObject, reportsError, type Scope } from "./errors.ts";
import { deadline, LONGEST_STRING, MAX_RESPONSE_BYTES, readText, TIMEOUT } from "./limits.ts";
import { keyForms } from "./mask.ts";
import { allModels } from "./model-pages.ts";
import { send } from "./redirects.ts";
import { readStream } from "./stream.ts";
import { guardedFetch, lazyClient } from "./typed-client.ts";
import type {
  BatchEmbedContentsRequest, BatchEmbedContentsResponse, CallOptions, CountTokensRequest, CountTokensResponse, EmbedContentRequest,
  EmbedContentResponse, EmbeddingModelId, GeminiClientOptions, GenerateContentRequest, GenerateContentResponse, ListedModel,
  ListModelsParams, ListModelsResponse, ModelId, ModelInfo, ProviderId, ProviderOperations, ProviderPaths,
} from "./types.ts";

/** Every method there is; a provider's client has those of the operations its spec lists (GeminiClient). */
export interface GeminiMethods<P extends ProviderId> {
  generateContent(model: ModelId<P>, request: GenerateContentRequest, options?: CallOptions): Promise<GenerateContentResponse>;
  streamGenerateContent(model: ModelId<P>, request: GenerateContentRequest, options?: CallOptions): AsyncIterable<GenerateContentResponse>;
  countTokens(model: ModelId<P>, request: CountTokensRequest, options?: CallOptions): Promise<CountTokensResponse>;
  embedContent(model: EmbeddingModelId<P>, request: EmbedContentRequest, options?: CallOptions): Promise<EmbedContentResponse>;
  /** Entries that name no `model` are given the one of the call (`models/{model}`), as Google wants each to name it. */
  batchEmbedContents(model: EmbeddingModelId<P>, request: BatchEmbedContentsRequest, options?: CallOptions): Promise<BatchEmbedContentsResponse>;
  /** One page of the model list; pass its `nextPageToken` as `pageToken` for the next. */
  listModels(params?: ListModelsParams, options?: CallOptions): Promise<ListModelsResponse<P>>;
  /** Every model, page after page (at most 1,000 pages); `options` apply to each page's call. */
  listAllModels(params?: Pick<ListModelsParams, "pageSize">, options?: CallOptions): AsyncIterableIterator<ListedModel<P>>;
  getModel(model: ModelId<P> | EmbeddingModelId<P>, options?: CallOptions): Promise<ModelInfo<P>>;
}

/** The methods an operation brings: listModels comes with listAllModels. */
type MethodsOf<Operation> = Operation extends "listModels" ? Operation | "listAllModels" : Operation;

export type GeminiClient<P extends ProviderId> = Client<ProviderPaths[P], "application/json"> & { readonly provider: P }
  & Pick<GeminiMethods<P>, Extract<keyof GeminiMethods<P>, MethodsOf<ProviderOperations[P]>>>;

export function createGeminiClient<P extends ProviderId>(options: GeminiClientOptions<P>): GeminiClient<P> {
  const { provider, apiKey } = options;
  const entry = providers[provider] as (typeof providers)[ProviderId] | undefined;
  if (!entry) throw new TypeError(`unknown provider "${provider}"; known: ${Object.keys(providers).join(", ")}`);
  const scope: Scope = { provider, forms: [] };
  if (!apiKey || typeof apiKey !== "string") throw clientError(scope, 0, "UNAUTHENTICATED", "apiKey is required");
  // It goes into a header (and a URL for kkiai): anything else would fail later, or be altered on the way.
  if (!/^[!-~]([ -~]*[!-~])?$/.test(apiKey)) throw clientError(scope, 0, "UNAUTHENTICATED", "apiKey must be printable ASCII, with no space at either end");
  scope.forms = keyForms(apiKey);
  const baseUrl = (options.baseUrl ?? entry.baseUrl)?.replace(/\/+$/, "");
  if (!baseUrl) throw new TypeError(`${provider}: the spec has no fixed server, so baseUrl is required`);
  const fetcher = options.fetch ?? globalThis.fetch;
  const max = Math.min(options.maxResponseBytes ?? MAX_RESPONSE_BYTES, LONGEST_STRING);
  const timeout = options.timeout ?? TIMEOUT;

  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  Object.assign(headers, entry.headers);
  const query: string[] = [];
  for (const slot of entry.auth) {
    if (slot[0] === "header") headers[slot[1]] = slot[2] + apiKey;
    else query.push(`${slot[1]}=${encodeURIComponent(apiKey)}`);
  }
  const keyQuery = query.join("&");
  // A GET sends no body, so it says nothing about one.
  const { "content-type": _, ...getHeaders } = headers;
  const operations: readonly string[] = entry.operations;

  /** Refuses, before anything is sent, what the provider does not serve (selfhosted's gateway bills a countTokens as a generation). */
  const serve = (operation: string) => {
    if (!operations.includes(operation)) {
      throw clientError(scope, 0, "UNIMPLEMENTED", `${operation} is not served by this provider (its spec lists ${operations.join(", ")})`);
    }
  };
  /** The bare id: a leading `models/` (as listModels names models) is dropped. */
  const bare = (model: unknown) => {
    const id = typeof model === "string" ? model.replace(/^models\//, "") : "";
    if (!id) throw clientError(scope, 0, "INVALID_ARGUMENT", "a model id is required");
    return id;
  };
  const url = (path: string, search = "") => {
    search = search && keyQuery ? `${search}&${keyQuery}` : search || keyQuery;
    return `${baseUrl}/v1beta/models${path}${search ? `?${search}` : ""}`;
  };
  /** Where `operation` on `model` is sent (`suffix` `:generateContent` and the like, or none for the model itself). */
  const on = (operation: string, model: unknown, suffix = `:${operation}`, search?: string) => {
    serve(operation);
    return url(`/${encodeURIComponent(bare(model))}${suffix}`, search);
  };
  const encode = (request: unknown) => {
    try {
      return JSON.stringify(request);
    } catch (cause: any) {
      throw clientError(scope, 0, "INVALID_ARGUMENT", `the request cannot be sent as JSON: ${cause?.message}`);
    }
  };
  const start = ({ signal, timeout: ms = timeout }: CallOptions) => deadline(scope, ms, signal);

  /** Sends (a GET when `body` is null); an HTTP error is thrown. */
  async function fetchOk(target: string, body: string | null, signal: AbortSignal) {
    const init = body === null ? { method: "GET", headers: getHeaders, signal } : { method: "POST", headers, body, signal };
    const res = await send(scope, fetcher, target, init);
    if (!res.ok) throw errorFromBody(scope, res.status, await readText(scope, res, max));
    return res;
  }

  /** One request (a GET when `body` is null), one JSON object back, within the call's time and size limits. */
  async function unary(target: string, body: string | null, options: CallOptions = {}): Promise<any> {
    const call = start(options);
    call.arm();
    try {
      const res = await fetchOk(target, body, call.signal);
      const text = await readText(scope, res, max);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // reported below with the text
      }
      // A 200 that is not an answer (a proxy's HTML page, a gateway's {"error": …}, [], null) is an error too.
      if (!isObject(parsed) || reportsError(parsed)) throw errorFromBody(scope, res.status, text);
      return parsed;
    } catch (cause) {
      throw call.fail(cause);
    } finally {
      call.end();
    }
  }

  /** Argument errors reject too: the checks run inside the async function. */
  const action = async (operation: string, model: unknown, request: unknown, options?: CallOptions) => unary(on(operation, model), encode(request), options);
  const listModels = async (params?: ListModelsParams, options?: CallOptions) => {
    serve("listModels");
    const search = new URLSearchParams();
    if (params?.pageSize != null) search.set("pageSize", String(params.pageSize));
    if (params?.pageToken) search.set("pageToken", params.pageToken);
    return unary(url("", String(search)), null, options);
  };

  const api = lazyClient<ProviderPaths[P]>({ baseUrl, fetch: guardedFetch(scope, fetcher, max, timeout), headers }, keyQuery);

  const methods: GeminiMethods<ProviderId> = {
    generateContent: (model, request, options) => action("generateContent", model, request, options),
    streamGenerateContent(model, request, options = {}) {
      const target = on("streamGenerateContent", model, undefined, "alt=sse");
      const body = encode(request);
      return readStream(scope, max, () => start(options), (signal) => fetchOk(target, body, signal));
    },
    countTokens: (model, request, options) => action("countTokens", model, request, options),
    embedContent: (model, request, options) => action("embedContent", model, request, options),
    batchEmbedContents: async (model, request, options) => {
      const target = on("batchEmbedContents", model);
      const name = `models/${bare(model)}`;
      const named = Array.isArray(request?.requests)
        ? { ...request, requests: request.requests.map((one) => (isObject(one) && one.model == null ? { ...one, model: name } : one)) }
        : request;
      return unary(target, encode(named), options);
    },
    listModels,
    listAllModels: (params, options) => {
      serve("listModels");
      return allModels(scope, (pageToken) => listModels({ pageSize: params?.pageSize, pageToken }, options));
    },
    getModel: async (model, options) => unary(on("getModel", model, ""), null, options),
  };
  return Object.assign(api, { provider }, methods) as unknown as GeminiClient<P>;
}
