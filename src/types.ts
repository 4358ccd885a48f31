// The request and response types, from the generated google types: the schemas are shared by every provider.
import type { components } from "../generated/google/types.ts";
import type { KnownModels, ProviderPaths, ProvidersWithoutBaseUrl } from "../generated/providers.ts";

export type { KnownModels, ProviderPaths };
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

export type ProviderId = keyof ProviderPaths;

/** A documented model of the provider, or any other id it routes (the `string & {}` keeps completion working). */
export type ModelId<P extends ProviderId> = KnownModels[P] | (string & {});

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
