// Shared by the mock tests: where each mock is, how to authenticate to it, and the examples its document holds.
import net from "node:net";
import { inject } from "vitest";
import { bundleExamples } from "../../scripts/lib/examples.ts";
import { loadProvider } from "../../src/mock/provider.ts";
import { credentialsFor } from "../../src/security.ts";

export const KEY = "test-key";

export function mockOf(id: string) {
  const mock = inject("mocks")[id];
  if (!mock) throw new Error(`no mock for ${id} in the global set-up`);
  return mock;
}

/** Headers and query string that satisfy the provider's first documented security alternative. */
export function credentials(id: string): { headers: Record<string, string>; query: string } {
  return credentialsFor(loadProvider(id).security[0] ?? [], KEY);
}

export interface CallOptions {
  method?: string;
  model?: string;
  query?: string;
  headers?: Record<string, string>;
  /** an object is sent as JSON; a string or Buffer as is */
  body?: unknown;
  auth?: boolean;
}

/** The method and path (below the base URL) of an operation: custom methods on a model, or the model resources. */
export function operationPath(operation: string, model: string): { method: string; path: string } {
  if (operation === "listModels") return { method: "GET", path: "/v1beta/models" };
  if (operation === "getModel") return { method: "GET", path: `/v1beta/models/${model}` };
  return { method: "POST", path: `/v1beta/models/${model}:${operation}` };
}

/** One HTTP call to a provider's mock operation; answers status, headers and the body as text. */
export async function call(id: string, operation: string, options: CallOptions = {}) {
  const { model = /embed/i.test(operation) ? "gemini-embedding-001" : "gemini-2.5-flash", auth = true } = options;
  const target = operationPath(operation, model);
  const method = options.method ?? target.method;
  const creds = auth ? credentials(id) : { headers: {}, query: "" };
  const query = [options.query, creds.query].filter(Boolean).join("&");
  const url = `${mockOf(id).baseUrl}${target.path}${query ? `?${query}` : ""}`;
  const body = Buffer.isBuffer(options.body) ? new Uint8Array(options.body)
    : options.body === undefined || typeof options.body === "string" ? options.body
    : JSON.stringify(options.body);
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...creds.headers, ...options.headers },
    body: method === "GET" || method === "HEAD" ? undefined : body ?? "{}",
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A request the spec itself shows for this operation. */
export function sampleRequest(doc: any, operationId: string): unknown {
  return bundleExamples(doc).find((e) => e.operationId === operationId && e.target === "request")?.value
    ?? { contents: [{ role: "user", parts: [{ text: "Hello" }] }] };
}

/** Bytes no HTTP client library would send, straight onto a socket; answers all that came back. */
export function raw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(bytes));
    let text = "";
    socket.on("data", (d) => (text += d));
    socket.on("close", () => resolve(text));
    socket.on("error", () => resolve(text));
  });
}
