// Credentials as each provider documents them, and the answer the real service gives when they are missing.
// The mock checks presence only: any non-empty key is accepted (`Prefer: code=400, example=key-invalid`
// shows what an invalid one looks like).
import type { IncomingHttpHeaders } from "node:http";
import { googleError, responseExample, type ErrorReply } from "./errors.ts";
import type { MockProvider, SecurityScheme } from "./provider.ts";

type Doc = Record<string, any>;

function present(scheme: SecurityScheme, headers: IncomingHttpHeaders, query: URLSearchParams | undefined): boolean {
  if (scheme.kind === "bearer") return /^bearer\s+\S/i.test(headers.authorization ?? "");
  if (scheme.kind === "header") return Boolean(String(headers[scheme.name] ?? "").trim());
  return Boolean(query?.get(scheme.name)?.trim());
}

/** True when one of the documented alternatives is fully satisfied (no security documented: always). */
export function authorized(provider: MockProvider, headers: IncomingHttpHeaders, query: URLSearchParams | undefined): boolean {
  if (provider.security.length === 0) return true;
  return provider.security.some((all) => all.every((scheme) => present(scheme, headers, query)));
}

// Google's answer to a call that carries no identity at all. The spec's own 403 example is a different
// failure (API disabled for the project), so this one is written here.
const UNREGISTERED_CALLER =
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";

/**
 * What the provider answers without usable credentials:
 * - a gateway (its document lists the gateway error shape) rejects the token itself: 401 in its own envelope;
 * - Google treats a Bearer token that is not an OAuth token as 401 UNAUTHENTICATED, and a call with no key
 *   at all as 403 PERMISSION_DENIED ("unregistered callers");
 * - anything else: 401 UNAUTHENTICATED in Google's envelope.
 */
export function authFailure(provider: MockProvider, headers: IncomingHttpHeaders): ErrorReply {
  const doc: Doc = provider.wire;
  if (provider.errorShapes.includes("gateway")) {
    const body = responseExample(doc, "Unauthorized", { shape: "gateway" });
    if (body) return { status: 401, body };
  }
  const unauthenticated = responseExample(doc, "Unauthorized", { shape: "google" });
  if (provider.id === "google" && !headers.authorization) {
    const template = responseExample(doc, "Forbidden", { shape: "google" });
    return { status: 403, body: googleError(template, 403, "PERMISSION_DENIED", UNREGISTERED_CALLER) };
  }
  return { status: 401, body: unauthenticated ?? googleError(undefined, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.") };
}
