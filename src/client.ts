// createGeminiClient: the openapi-fetch client typed with one provider's paths, with that provider's auth
// built in, plus generateContent and streamGenerateContent. Those two call fetch directly: openapi-fetch's
// per-call plumbing costs more than the call itself on a fast link (bench/RESULTS.md).
import type { Client } from "openapi-fetch";
import { providers } from "../generated/providers.ts";
import { errorFromBody, networkError, redact, reportsError } from "./errors.ts";
import { readStream } from "./stream.ts";
import { lazyClient } from "./typed-client.ts";
import type { CallOptions, GeminiClientOptions, GenerateContentRequest, GenerateContentResponse, ModelId, ProviderId, ProviderPaths } from "./types.ts";

export type GeminiClient<P extends ProviderId> = Client<ProviderPaths[P], "application/json"> & {
  readonly provider: P;
  generateContent(model: ModelId<P>, request: GenerateContentRequest, options?: CallOptions): Promise<GenerateContentResponse>;
  streamGenerateContent(model: ModelId<P>, request: GenerateContentRequest, options?: CallOptions): AsyncIterable<GenerateContentResponse>;
};

export function createGeminiClient<P extends ProviderId>(options: GeminiClientOptions<P>): GeminiClient<P> {
  const { provider, apiKey } = options;
  const entry = providers[provider] as (typeof providers)[ProviderId] | undefined;
  if (!entry) throw new TypeError(`unknown provider "${provider}"; known: ${Object.keys(providers).join(", ")}`);
  if (!apiKey) throw new TypeError(`${provider}: apiKey is required`);
  const baseUrl = (options.baseUrl ?? entry.baseUrl)?.replace(/\/+$/, "");
  if (!baseUrl) throw new TypeError(`${provider}: the spec has no fixed server, so baseUrl is required`);
  const fetcher = options.fetch ?? globalThis.fetch;

  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  Object.assign(headers, entry.headers);
  const query: string[] = [];
  for (const slot of entry.auth) {
    if (slot[0] === "header") headers[slot[1]] = slot[2] + apiKey;
    else query.push(`${slot[1]}=${encodeURIComponent(apiKey)}`);
  }
  const keyQuery = query.join("&");

  const url = (model: string, method: string, alt?: string) => {
    const search = alt ? (keyQuery ? `?alt=${alt}&${keyQuery}` : `?alt=${alt}`) : keyQuery ? `?${keyQuery}` : "";
    return `${baseUrl}/v1beta/models/${encodeURIComponent(model.replace(/^models\//, ""))}:${method}${search}`;
  };

  async function post(model: string, method: string, request: GenerateContentRequest, signal?: AbortSignal, alt?: string) {
    let res: Response;
    try {
      res = await fetcher(url(model, method, alt), { method: "POST", headers, body: JSON.stringify(request), signal });
    } catch (cause) {
      throw networkError(provider, cause, apiKey);
    }
    if (!res.ok) throw errorFromBody(provider, res.status, redact(await res.text(), apiKey));
    return res;
  }

  const api = lazyClient<ProviderPaths[P]>({ baseUrl, fetch: fetcher, headers }, keyQuery);

  return Object.assign(api, {
    provider,
    async generateContent(model: string, request: GenerateContentRequest, { signal }: CallOptions = {}) {
      const res = await post(model, "generateContent", request, signal);
      const text = await res.text();
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      // A 200 that is not a response (a proxy's HTML page, a gateway's {"error": …}) is an error too.
      if (!body || typeof body !== "object" || reportsError(body)) throw errorFromBody(provider, res.status, redact(text, apiKey));
      return body as GenerateContentResponse;
    },
    streamGenerateContent: (model: string, request: GenerateContentRequest, { signal }: CallOptions = {}) =>
      readStream(provider, () => post(model, "streamGenerateContent", request, signal, "sse"), apiKey),
  }) as GeminiClient<P>;
}
