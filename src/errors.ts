// One error type for everything a provider can answer with: Google's google.rpc.Status envelope, a gateway's
// OpenAI-style {"error": {"message", "type", "code"}}, an {"error": …} frame inside a stream, a body that is not
// JSON at all (an HTML page from a proxy, an empty 429) and a request that never got an answer.
import { maskText, maskValue } from "./mask.ts";

/** Canonical google.rpc codes by HTTP status, for bodies that do not carry one. */
const CANONICAL: Record<number, string> = {
  400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ABORTED",
  429: "RESOURCE_EXHAUSTED", 499: "CANCELLED", 500: "INTERNAL", 501: "UNIMPLEMENTED", 503: "UNAVAILABLE",
  502: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
};

export class GeminiApiError extends Error {
  /** HTTP status, or the `code` of an error frame in a stream; 0 when no answer arrived. */
  readonly status: number;
  readonly provider: string;
  /** Canonical status name such as `INVALID_ARGUMENT` or `RESOURCE_EXHAUSTED` (Google's, or derived from the HTTP status). */
  readonly code: string;
  /** The body as received (parsed when it is JSON), with the API key masked. */
  readonly body: unknown;

  constructor(provider: string, status: number, code: string, message: string, body?: unknown) {
    super(message);
    this.name = "GeminiApiError";
    this.provider = provider;
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** What building an error needs to know about the client: its provider and the forms of its key to mask. */
export interface Scope {
  provider: string;
  forms: string[];
}

/** An error the client raises itself; `detail` and `body` may quote the server, so they are masked. */
export const clientError = ({ provider, forms }: Scope, status: number, code: string, detail: string, body?: unknown) =>
  new GeminiApiError(provider, status, code, `${provider}: ${maskText(detail, forms)}`, maskValue(body, forms));

/** True for a parsed 200 body that reports an error instead of carrying candidates (a gateway's, a stream's). */
export const reportsError = (body: any) => Boolean(body?.error) && !body.candidates;

/** True for what a response or a stream chunk must be: a JSON object (not null, an array, a number or a string). */
export const isObject = (body: unknown): body is Record<string, any> => typeof body === "object" && body !== null && !Array.isArray(body);

/** An error body as received, with the key masked: as JSON text again when it is JSON. */
export function maskedBody({ forms }: Scope, text: string): string {
  try {
    return JSON.stringify(maskValue(JSON.parse(text), forms));
  } catch {
    return maskText(text, forms);
  }
}

/** Builds the error from a body as received; `status` is the HTTP status. */
export function errorFromBody(scope: Scope, status: number, text: string): GeminiApiError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: keep the text, and say what it looked like
    return errorFromValue(scope, status, undefined, maskText(text, scope.forms));
  }
  return errorFromValue(scope, status, value);
}

/** Builds the error from a parsed body (`text` is the masked body when it did not parse as JSON). */
export function errorFromValue({ provider, forms }: Scope, status: number, value: unknown, text?: string): GeminiApiError {
  const body: any = text ?? maskValue(value, forms);
  // Google's JSON-array stream wraps a mid-stream error in the array.
  const error = (Array.isArray(body) ? body[0] : body)?.error;
  if (error && typeof error === "object") {
    const code = typeof error.status === "string" ? error.status : CANONICAL[status] ?? "UNKNOWN";
    const apiStatus = status >= 400 ? status : typeof error.code === "number" ? error.code : status;
    return new GeminiApiError(provider, apiStatus, code, `${provider}: ${typeof error.message === "string" && error.message || code}`, body);
  }
  const gist = (text ?? JSON.stringify(body) ?? "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
  return new GeminiApiError(provider, status, CANONICAL[status] ?? "UNKNOWN",
    `${provider}: HTTP ${status}${gist ? `: ${gist}` : " with an empty body"}`, body);
}

/**
 * The error to throw for `cause`, raised while a request was sent or its answer read. When `signal` (the one the
 * request was sent with) has fired, that is the reason: the caller's own abort as it is, or the timeout's
 * GeminiApiError. A GeminiApiError passes through; anything else (refused connection, reset, DNS, TLS) becomes one.
 */
export function failure(scope: Scope, cause: any, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (cause instanceof GeminiApiError) return cause;
  return clientError(scope, 0, "UNAVAILABLE", `network error: ${cause?.cause?.message ?? cause?.message ?? cause}`);
}
