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
} & (P extends ProvidersWithoutBaseUrl ? { baseUrl: string } : unknown);

export interface CallOptions {
  signal?: AbortSignal;
}
