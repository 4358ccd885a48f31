// Sends a request so that its credentials never leave the origin they were meant for. fetch's own redirect
// handling forwards custom headers such as x-goog-api-key to whatever host a server names (it only drops
// Authorization), and kkiai's ?key= is in the URL itself; so redirects are taken over here.
import { clientError, type Scope } from "./errors.ts";

const MAX_REDIRECTS = 5;

/**
 * fetch with redirect "manual": a redirect within the origin is followed with the credentials, the way fetch
 * would (301/302 turn a POST into a GET, 303 turns anything but HEAD into a GET, both without the body;
 * 307/308 resend it), up to 5 of them. A redirect to any other origin (another host, port or scheme) is an
 * error and is not followed at all: the request body (the prompt) is not the other origin's business either.
 */
export async function send(scope: Scope, fetcher: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  const origin = new URL(url).origin;
  for (let redirects = 0; ; redirects++) {
    const res = await fetcher(url, { ...init, redirect: "manual" });
    const location = /^30[12378]$/.test(String(res.status)) ? res.headers.get("location") : null;
    // A browser answers a manual redirect with an opaque response that hides where it points.
    if (location === null && res.type !== "opaqueredirect") return res;
    res.body?.cancel().catch(() => {});
    const next = location === null ? undefined : new URL(location, url);
    // Where it points is left out of the message: a hostile server could put the key there.
    if (next?.origin !== origin) throw clientError(scope, res.status, "UNKNOWN", `HTTP ${res.status}: redirect to another origin not followed (the key is only sent to ${origin})`);
    if (redirects === MAX_REDIRECTS) throw clientError(scope, res.status, "UNKNOWN", `more than ${MAX_REDIRECTS} redirects`);
    if ((res.status === 303 && init.method !== "HEAD") || (res.status < 303 && init.method === "POST")) {
      const headers = new Headers(init.headers);
      headers.delete("content-type");
      init = { ...init, method: "GET", body: null, headers };
    }
    url = next.href;
  }
}
