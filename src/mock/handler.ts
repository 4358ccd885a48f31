// A provider's mock as a node:http request handler: it checks a request the way the provider does (route,
// method, credentials, body against the wire bundle) and answers with the response Prism's negotiator
// picks for its `Prefer` header. Every failure is a 4xx in the provider's error shape.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ValidateFunction } from "ajv";
import { authFailure, authorized, invalidKey } from "./auth.ts";
import { readBody, type BodyResult } from "./body.ts";
import { badRequestDetail, fieldViolations, googleError, responseExample, type ErrorReply } from "./errors.ts";
import { createNegotiator, NegotiationError, type Negotiator, type Reply } from "./negotiate.ts";
import { parsePrefer, PreferError, type Preferences } from "./prefer.ts";
import { loadProvider, type MockOperation, type MockProvider } from "./provider.ts";
import { requestValidators } from "./request-validators.ts";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface MockHandler {
  provider: MockProvider;
  handle: Handler;
  /** answers a connection whose request Node could not even parse (bad header, bad request line) */
  clientError(error: Error, socket: Socket): void;
}

const CORS = { "access-control-allow-origin": "*" };
const JSON_TYPE = "application/json; charset=utf-8";
const BLANK = /^\s*$/;

function send(res: ServerResponse, reply: Reply) {
  res.writeHead(reply.status, reply.headers);
  const { chunks } = reply;
  for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i]);
  res.end(chunks.at(-1));
}

export function sendError(res: ServerResponse, { status, body, headers }: ErrorReply) {
  res.writeHead(status, { ...CORS, "content-type": JSON_TYPE, ...headers });
  res.end(JSON.stringify(body));
}

// google.rpc.Code names by the HTTP status Google maps them to.
const RPC_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ABORTED",
  429: "RESOURCE_EXHAUSTED", 499: "CANCELLED", 500: "INTERNAL", 501: "UNIMPLEMENTED", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
};
const rpcStatus = (status: number) => RPC_STATUS[status] ?? "UNKNOWN";

export interface MockHandlerOptions {
  /** accept only this key; any other gets the provider's invalid-key answer (default: any non-empty key) */
  key?: string;
}

export async function createMockHandler(providerId: string, options: MockHandlerOptions = {}): Promise<MockHandler> {
  const provider = loadProvider(providerId);
  const { wire } = provider;
  const validators = requestValidators(wire, provider.operations.map((op) => op.operationId));
  const negotiator: Negotiator = await createNegotiator(provider.canonicalPath, CORS);
  const notFoundTemplate = responseExample(wire, "NotFound", { shape: "google" });
  const badRequestTemplate = responseExample(wire, "BadRequest", { shape: "google" });
  const served = provider.operations.map((op) => `${op.method} ${provider.prefix}${op.template}`).join(", ");

  const mediaTypesFor = (op: MockOperation, alt: string | null | undefined) =>
    op.streams && (alt === "sse" || provider.sseWithoutAlt) ? ["text/event-stream", "application/json"] : ["application/json"];

  // Compute every default answer now: a broken bundle fails at start-up, and no request pays for a first call.
  for (const op of provider.operations) {
    for (const alt of [undefined, "sse"]) negotiator.respond(op.operationId, { dynamic: false }, mediaTypesFor(op, alt));
  }

  const invalidArgument = (op: MockOperation, message: string, violations?: { field: string; description: string }[]): ErrorReply => {
    const template = negotiator.invalidRequestBody(op.operationId) ?? badRequestTemplate;
    return { status: 400, body: googleError(template, 400, "INVALID_ARGUMENT", message, violations?.length ? [badRequestDetail(violations)] : undefined) };
  };
  const notFound = (message: string, headers?: Record<string, string>): ErrorReply =>
    ({ status: 404, body: googleError(notFoundTemplate, 404, "NOT_FOUND", message), headers });

  function route(pathname: string): MockOperation | undefined {
    for (const op of provider.operations) if (op.pattern.test(pathname)) return op;
    return undefined;
  }

  /** Everything that can be judged before the body arrives: a reply, or what the body is for. */
  function check(req: IncomingMessage): ErrorReply | Reply | { op: MockOperation; alt: string | null | undefined; prefs: Preferences } {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? undefined : new URLSearchParams(url.slice(q + 1));

    if (req.method === "OPTIONS") {
      // CORS preflight, as Google answers browsers that call the API with a key.
      return {
        status: 204,
        chunks: [],
        headers: {
          ...CORS,
          "access-control-allow-methods": "POST, OPTIONS",
          "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
          "access-control-max-age": "86400",
        },
      };
    }
    const op = route(pathname);
    if (!op) return notFound(`No route for ${pathname}. This mock serves ${served}.`);
    if (req.method !== op.method) return notFound(`Method not found: ${req.method} ${pathname} (it takes ${op.method}).`, { allow: op.method });
    const auth = authorized(provider, req.headers, query, options.key);
    if (auth === "missing") return authFailure(provider, req.headers);
    if (auth === "invalid") return invalidKey(provider, req.headers);

    const alt = query?.get("alt");
    if (op.streams && alt != null && alt !== "sse" && alt !== "json") {
      return invalidArgument(op, `Invalid value at 'alt': "${alt}" (expected sse or json).`, [{ field: "alt", description: "must be sse or json" }]);
    }
    try {
      return { op, alt, prefs: parsePrefer(req.headers.prefer) };
    } catch (error) {
      if (error instanceof PreferError) return invalidArgument(op, error.message);
      throw error;
    }
  }

  /** The answer to a request that passed `check`, once its body is in. */
  function answer(op: MockOperation, alt: string | null | undefined, prefs: Preferences, read: BodyResult): ErrorReply | Reply {
    if (!read.ok) return invalidArgument(op, read.message);
    let body: unknown = {};
    if (!BLANK.test(read.text)) {
      try {
        body = JSON.parse(read.text);
      } catch (error) {
        return invalidArgument(op, `Invalid JSON payload received. ${(error as Error).message}`);
      }
    }
    const validate = validators.get(op.operationId) as ValidateFunction;
    let valid: boolean;
    try {
      valid = validate(body) as boolean;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return invalidArgument(op, "Invalid JSON payload received. The body is nested too deeply.");
    }
    if (!valid) {
      const violations = fieldViolations(validate.errors);
      const first = violations[0];
      const message = `Invalid JSON payload received. Invalid value at '${first?.field}': ${first?.description}` +
        (violations.length > 1 ? ` (and ${violations.length - 1} more; see details)` : "");
      return invalidArgument(op, message, violations);
    }
    let reply: Reply;
    try {
      reply = negotiator.respond(op.operationId, prefs, mediaTypesFor(op, alt));
    } catch (error) {
      if (error instanceof NegotiationError) return invalidArgument(op, `Prefer: ${error.message}`);
      throw error;
    }
    if (reply.status >= 400 && !reply.example) {
      // A status the document gives no example for (`Prefer: code=504`): Prism would sample the error schema
      // ("string", -2147483648); the real service would send its envelope with the matching status name.
      return { status: reply.status, body: googleError(badRequestTemplate, reply.status, rpcStatus(reply.status), `Mock answer for Prefer: code=${reply.status}.`) };
    }
    return reply;
  }

  // Plain callbacks rather than async functions: this is the per-request path of a throughput target.
  const guarded = (req: IncomingMessage, res: ServerResponse, work: () => void) => {
    try {
      work();
    } catch (error) {
      // A bug in the mock, not in the request: say so plainly (the robustness test counts these).
      console.error(`mock ${providerId}: ${req.method} ${req.url}:`, error);
      if (!res.headersSent) sendError(res, { status: 500, body: googleError(undefined, 500, "INTERNAL", `Mock failure: ${(error as Error).message}`) });
      else res.destroy();
    }
  };
  const reply = (res: ServerResponse, r: ErrorReply | Reply) => ("chunks" in r ? send(res, r) : sendError(res, r));

  const handle: Handler = (req, res) => guarded(req, res, () => {
    const checked = check(req);
    if (!("op" in checked)) return reply(res, checked);
    readBody(req, (read) => guarded(req, res, () => reply(res, answer(checked.op, checked.alt, checked.prefs, read))));
  });

  const clientError = (error: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable) return void socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const text = JSON.stringify(googleError(badRequestTemplate, status, "INVALID_ARGUMENT", `The request could not be parsed: ${error.code ?? error.message}.`));
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  };

  return { provider, handle, clientError };
}
