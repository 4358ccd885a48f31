// The request and response types, from the generated google types: the schemas are shared by every provider.
import type { components } from "../generated/google/types.ts";
import type { KnownEmbeddingModels, KnownModels, ProviderOperations, ProviderPaths, ProvidersWithoutBaseUrl } from "../generated/providers.ts";

export type { KnownEmbeddingModels, KnownModels, ProviderOperations, ProviderPaths };
export type Schemas = components["schemas"];
export type GenerateContentRequest = Schemas["GenerateContentRequest"];
export type GenerateContentResponse = Schemas["GenerateContentResponse"];
export type Content = Schemas["Content"];
export type Part = Schemas["Part"];
export type GenerationConfig = Schemas["GenerationConfig"];
export type Tool = Schemas["Tool"];
export type SafetySetting = Schemas["SafetySetting"];
export type Candidate = Schemas["Candidate"];
export type UsageMetadata = Schemas["UsageMetadata"];
export type CountTokensRequest = Schemas["CountTokensRequest"];
export type CountTokensResponse = Schemas["CountTokensResponse"];
export type EmbedContentRequest = Schemas["EmbedContentRequest"];
export type EmbedContentResponse = Schemas["EmbedContentResponse"];
export type BatchEmbedContentsRequest = Schemas["BatchEmbedContentsRequest"];
export type BatchEmbedContentsResponse = Schemas["BatchEmbedContentsResponse"];
export type ContentEmbedding = Schemas["ContentEmbedding"];
export type TaskType = Schemas["TaskType"];

export type ProviderId = keyof ProviderPaths;

/** A documented model of the provider, or any other id it routes (the `string & {}` keeps completion working). */
export type ModelId<P extends ProviderId> = KnownModels[P] | (string & {});

/** A documented embedding model of the provider, or any other id it routes. */
export type EmbeddingModelId<P extends ProviderId> = KnownEmbeddingModels[P] | (string & {});

/** The body of a 200 JSON answer to `method` on `path`, as the provider's own spec has it (never: it does not serve it). */
type JsonAnswer<Paths, Path extends string, Method extends string> =
  Paths extends { [K in Path]: { [M in Method]: { responses: { 200: { content: { "application/json": infer Body } } } } } } ? Body : never;

/**
 * One page of the model list as the provider sends it: Google's (`Model` entries named `models/…`, `nextPageToken`
 * absent on the last page) or a gateway's (one page of bare ids with `null` in every other field, `nextPageToken: null`).
 */
export type ListModelsResponse<P extends ProviderId> = JsonAnswer<ProviderPaths[P], "/v1beta/models", "get">;
/** One entry of the provider's model list. */
export type ListedModel<P extends ProviderId> = NonNullable<ListModelsResponse<P>["models"]>[number];
/** What getModel answers on the provider (Google's `Model`). */
export type ModelInfo<P extends ProviderId> = JsonAnswer<ProviderPaths[P], "/v1beta/models/{model}", "get">;
export type Model = Schemas["Model"];

export interface ListModelsParams {
  /** Models per page; Google sends 50 by default and at most 1,000. Gateways send every model in one page. */
  pageSize?: number;
  /** The `nextPageToken` of the page before. */
  pageToken?: string;
}

export type GeminiClientOptions<P extends ProviderId> = {
  provider: P;
  apiKey: string;
  /** Replaces the spec's server, e.g. a mock or your own host; required where the spec has no fixed server. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Extra headers for every request; the provider's auth headers take precedence. */
  headers?: Record<string, string>;
  /**
   * The most bytes (after gzip is undone) of one response body, or of one event of a stream; more is an error
   * (RESOURCE_EXHAUSTED). Default 128 MiB, room for a 4K image inline; at most 512 MiB, V8's longest string.
   */
  maxResponseBytes?: number;
  /**
   * Milliseconds before a call fails with DEADLINE_EXCEEDED: for the whole of a unary call (typed calls too),
   * for each wait on the network in a stream. Default 600000 (10 minutes); 0 turns it off.
   */
  timeout?: number;
} & (P extends ProvidersWithoutBaseUrl ? { baseUrl: string } : unknown);

export interface CallOptions {
  /** Your own cancellation: aborting it rejects with your abort reason (an AbortError), not a GeminiApiError. */
  signal?: AbortSignal;
  /** Replaces the client's `timeout` for this call. */
  timeout?: number;
}
