// Credentials as each provider documents them, and the answer the real service gives when they are missing
// or wrong. By default any non-empty key is accepted; given a key (`mock --key K`, `startMock({ key })`) only
// that key is, and any other gets the provider's invalid-key answer, so a client's bad-key path can be tested.
import type { IncomingHttpHeaders } from "node:http";
import { googleError, responseExample, type ErrorReply } from "./errors.ts";
import type { SecurityScheme } from "../security.ts";
import type { MockProvider } from "./provider.ts";

type Doc = Record<string, any>;

/** The credential a scheme finds in the request, or "" when it is absent. */
function credential(scheme: SecurityScheme, headers: IncomingHttpHeaders, query: URLSearchParams | undefined): string {
  if (scheme.kind === "bearer") return /^bearer\s+(\S+)/i.exec(headers.authorization ?? "")?.[1] ?? "";
  if (scheme.kind === "header") return String(headers[scheme.name] ?? "").trim();
  return query?.get(scheme.name)?.trim() ?? "";
}

/**
 * "ok" when one of the documented alternatives is fully satisfied (no security documented: always), "invalid"
 * when it is but an `expected` key is set and a credential differs from it, "missing" otherwise.
 */
export function authorized(provider: MockProvider, headers: IncomingHttpHeaders, query: URLSearchParams | undefined, expected?: string): "ok" | "missing" | "invalid" {
  if (provider.security.length === 0) return "ok";
  const satisfied = provider.security
    .map((all) => all.map((scheme) => credential(scheme, headers, query)))
    .filter((values) => values.every(Boolean));
  if (!satisfied.length) return "missing";
  return !expected || satisfied.some((values) => values.every((v) => v === expected)) ? "ok" : "invalid";
}

/** What the provider answers to a key it does not know: Google's 400 API_KEY_INVALID, a gateway's 401. */
export function invalidKey(provider: MockProvider, headers: IncomingHttpHeaders): ErrorReply {
  if (provider.id === "google") {
    const body = responseExample(provider.wire, "BadRequest", { name: "key-invalid" });
    if (body) return { status: 400, body };
  }
  return authFailure(provider, headers);
}

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
    const body = responseExample(doc, "Forbidden", { name: "unregistered-caller" });
    if (body) return { status: 403, body };
  }
  return { status: 401, body: unauthenticated ?? googleError(undefined, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.") };
}
