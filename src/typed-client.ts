// The openapi-fetch client, loaded on first use. Every request method returns a promise anyway, so waiting for
// the import costs nothing to callers, and code that only calls generateContent/streamGenerateContent never
// ships openapi-fetch (2.6 KB gzipped, more than the rest of this client).
import type { Client, ClientOptions, Middleware } from "openapi-fetch";

const METHODS = ["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

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
