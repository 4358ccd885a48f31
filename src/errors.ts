// One error type for everything a provider can answer with: Google's google.rpc.Status envelope, a gateway's
// OpenAI-style {"error": {"message", "type", "code"}}, an {"error": …} frame inside a stream, a body that is not
// JSON at all (an HTML page from a proxy, an empty 429) and a request that never got an answer.

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

const MASK = "[redacted]";

/** Removes the key from text that came back from the network: a gateway may echo it. */
export const redact = (text: string, key: string) => (key.length > 3 ? text.split(key).join(MASK) : text);

/** True for a parsed 200 body that reports an error instead of carrying candidates (a gateway's, a stream's). */
export const reportsError = (body: any) => Boolean(body?.error) && !body.candidates;

/** Builds the error from a body (already redacted); `status` is the HTTP status. */
export function errorFromBody(provider: string, status: number, text: string): GeminiApiError {
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text, and say what it looked like
  }
  // Google's JSON-array stream wraps a mid-stream error in the array.
  const error = (Array.isArray(body) ? body[0] : body)?.error;
  if (error && typeof error === "object") {
    const code = typeof error.status === "string" ? error.status : CANONICAL[status] ?? "UNKNOWN";
    const apiStatus = status >= 400 ? status : typeof error.code === "number" ? error.code : status;
    return new GeminiApiError(provider, apiStatus, code, `${provider}: ${error.message || code}`, body);
  }
  const gist = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
  return new GeminiApiError(provider, status, CANONICAL[status] ?? "UNKNOWN",
    `${provider}: HTTP ${status}${gist ? `: ${gist}` : " with an empty body"}`, body);
}

/** A request that got no answer (refused connection, DNS, TLS); the caller's own abort is rethrown unchanged. */
export function networkError(provider: string, cause: unknown, key: string): unknown {
  if ((cause as Error)?.name === "AbortError" || (cause as Error)?.name === "TimeoutError") return cause;
  const reason = (cause as any)?.cause?.message ?? (cause as Error)?.message ?? String(cause);
  return new GeminiApiError(provider, 0, "UNAVAILABLE", `${provider}: network error: ${redact(String(reason), key)}`);
}
