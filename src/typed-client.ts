// The openapi-fetch client, loaded on first use. Every request method returns a promise anyway, so waiting for
// the import costs nothing to callers, and code that only calls the client's own methods (generateContent, …) never
// ships openapi-fetch (2.6 KB gzipped).
import type { Client, ClientOptions, Middleware } from "openapi-fetch";
import { maskedBody, type Scope } from "./errors.ts";
import { bounded, deadline, readBody, readText } from "./limits.ts";
import { send } from "./redirects.ts";

const METHODS = ["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * The fetch openapi-fetch is given: the same redirect rule, size limit, timeout (for the whole call, body
 * included) and errors as generateContent, whatever redirect mode a caller passes to `POST(…)`. An error
 * body comes back with the key masked, as it would in a GeminiApiError. Bodies are read here, whole, except
 * a stream's, which is counted as the caller reads it.
 */
export const guardedFetch = (scope: Scope, fetcher: typeof fetch, max: number, timeout: number): typeof fetch => async (input, init) => {
  // openapi-fetch passes a Request (and `init` only for undici's extras, such as a dispatcher).
  const request = input instanceof Request ? input : new Request(input, init);
  const call = deadline(scope, timeout, request.signal);
  call.arm();
  try {
    // Read once, so that a 307/308 within the origin can send it again.
    const body = request.body && (await request.arrayBuffer());
    const res = await send(scope, fetcher, request.url, { ...init, method: request.method, headers: request.headers, body, signal: call.signal });
    if (res.ok && res.headers.get("content-type")?.includes("event-stream")) return bounded(scope, res, max, call);
    const answer = res.ok ? await readBody(scope, res, max) : maskedBody(scope, await readText(scope, res, max));
    call.end();
    return new Response(answer.length ? (answer as BodyInit) : null, res);
  } catch (cause) {
    call.end();
    throw call.fail(cause);
  }
};

/** `keyQuery` (e.g. `key=…`) is appended to every URL, for providers that want the key in the query. */
export function lazyClient<Paths extends {}>(options: ClientOptions, keyQuery: string): Client<Paths, "application/json"> {
  const middlewares: Middleware[] = [];
  let ready: Client<Paths, "application/json"> | undefined;
  let loading: Promise<Client<Paths, "application/json">> | undefined;
  const load = () => (loading ??= import("openapi-fetch").then(({ default: createClient, createQuerySerializer }) => {
    const serialize = createQuerySerializer();
    ready = createClient<Paths, "application/json">({
      ...options,
      querySerializer: keyQuery ? (query) => [serialize(query), keyQuery].filter(Boolean).join("&") : undefined,
    });
    ready.use(...middlewares);
    return ready;
  }));
  const lazy: any = {
    use: (...added: Middleware[]) => (ready ? ready.use(...added) : middlewares.push(...added), undefined),
    eject: (...removed: Middleware[]) => {
      if (ready) return ready.eject(...removed);
      for (const m of removed) if (middlewares.includes(m)) middlewares.splice(middlewares.indexOf(m), 1);
    },
  };
  for (const method of METHODS) lazy[method] = (...args: unknown[]) => load().then((client: any) => client[method](...args));
  return lazy;
}
