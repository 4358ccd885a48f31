// createGeminiClient: the openapi-fetch client typed with one provider's paths, with that provider's auth
// built in, plus generateContent and streamGenerateContent. Those two call fetch directly: openapi-fetch's
// per-call plumbing costs more than the call itself on a fast link (bench/RESULTS.md).
import type { Client } from "openapi-fetch";
import { providers } from "../generated/providers.ts";
import { clientError, errorFromBody, isObject, reportsError, type Scope } from "./errors.ts";
import { deadline, LONGEST_STRING, MAX_RESPONSE_BYTES, readText, TIMEOUT } from "./limits.ts";
import { keyForms } from "./mask.ts";
import { send } from "./redirects.ts";
import { readStream } from "./stream.ts";
import { guardedFetch, lazyClient } from "./typed-client.ts";
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

  const url = (model: string, method: string, alt?: string) => {
    const search = alt ? (keyQuery ? `?alt=${alt}&${keyQuery}` : `?alt=${alt}`) : keyQuery ? `?${keyQuery}` : "";
    return `${baseUrl}/v1beta/models/${encodeURIComponent(model.replace(/^models\//, ""))}:${method}${search}`;
  };
  const start = ({ signal, timeout: ms = timeout }: CallOptions) => deadline(scope, ms, signal);

  async function post(target: string, body: string, signal: AbortSignal) {
    const res = await send(scope, fetcher, target, { method: "POST", headers, body, signal });
    if (!res.ok) throw errorFromBody(scope, res.status, await readText(scope, res, max));
    return res;
  }

  const api = lazyClient<ProviderPaths[P]>({ baseUrl, fetch: guardedFetch(scope, fetcher, max, timeout), headers }, keyQuery);

  return Object.assign(api, {
    provider,
    async generateContent(model: string, request: GenerateContentRequest, options: CallOptions = {}) {
      const target = url(model, "generateContent");
      const body = JSON.stringify(request);
      const call = start(options);
      call.arm();
      try {
        const res = await post(target, body, call.signal);
        const text = await readText(scope, res, max);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          // reported below with the text
        }
        // A 200 that is not a response (a proxy's HTML page, a gateway's {"error": …}, [], null) is an error too.
        if (!isObject(parsed) || reportsError(parsed)) throw errorFromBody(scope, res.status, text);
        return parsed as GenerateContentResponse;
      } catch (cause) {
        throw call.fail(cause);
      } finally {
        call.end();
      }
    },
    streamGenerateContent(model: string, request: GenerateContentRequest, options: CallOptions = {}) {
      const target = url(model, "streamGenerateContent", "sse");
      const body = JSON.stringify(request);
      return readStream(scope, max, () => start(options), (signal) => post(target, body, signal));
    },
  }) as GeminiClient<P>;
}
