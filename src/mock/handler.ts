// A provider's mock as a node:http request handler: it checks a request the way the provider does (route,
// method, credentials, body against the wire bundle) and answers with the response Prism's negotiator
// picks for its `Prefer` header. Every failure is a 4xx in the provider's error shape.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { authFailure, authorized, invalidKey } from "./auth.ts";
import { readBody, type BodyResult } from "./body.ts";
import { badRequestDetail, googleError, responseExample, type ErrorReply } from "./errors.ts";
import { createJudge, JudgeBusyError, type Judgement } from "./judge.ts";
import { createAnswers } from "./answers.ts";
import { DynamicBusyError } from "./dynamic.ts";
import { createNegotiator, NegotiationError, type Negotiator, type Reply } from "./negotiate.ts";
import { parsePrefer, PreferError, type Preferences } from "./prefer.ts";
import { loadProvider, type MockOperation, type MockProvider } from "./provider.ts";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface MockHandler {
  provider: MockProvider;
  handle: Handler;
  /** answers a connection whose request Node could not even parse (bad header, bad request line) */
  clientError(error: Error, socket: Socket): void;
  /** answers a request whose `Expect` header asks for something other than 100-continue */
  expectationFailed: Handler;
  /** releases what answering holds (the dynamic generator's worker) */
  close(): Promise<void>;
}

type Outcome = ErrorReply | Reply | Promise<ErrorReply | Reply>;

/**
 * Names what an accepted request carries that the spec does not describe: properties it does not declare (a
 * typo, a field newer than the spec) and enum names it does not list. Google itself rejects unknown fields; the
 * mock accepts them, as the schemas are open, and says so here.
 */
export const DRIFT_HEADER = "x-gemini-mock-drift";
// Browsers may call the mock (the docs' console does); they may read the drift header too.
const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": DRIFT_HEADER };
const JSON_TYPE = "application/json; charset=utf-8";

function send(res: ServerResponse, reply: Reply) {
  res.writeHead(reply.status, reply.headers);
  const { chunks } = reply;
  for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i]);
  res.end(chunks.at(-1));
}

export function sendError(res: ServerResponse, { status, body, headers }: ErrorReply) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...CORS, "content-type": JSON_TYPE, "content-length": String(bytes.length), ...headers });
  res.end(bytes);
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
  /** told of every accepted request that carries fields or enum names the spec does not describe */
  onDrift?: (line: string) => void;
}

// Header values are visible ASCII; field names and values come from the request and may be anything.
// Percent-encoded as UTF-8 (a lone surrogate becomes U+FFFD rather than an exception).
const headerValue = (text: string) => text
  .replace(/[^\x20-\x7e]|%/gu, (c) => [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""))
  .slice(0, 4096);

export async function createMockHandler(providerId: string, options: MockHandlerOptions = {}): Promise<MockHandler> {
  const provider = loadProvider(providerId);
  const { wire } = provider;
  const judge = createJudge(wire, provider.wirePath, provider.operations.map((op) => op.operationId));
  const negotiator: Negotiator = await createNegotiator(provider.canonicalPath, CORS);
  const answers = createAnswers(provider, negotiator, CORS);
  const notFoundTemplate = responseExample(wire, "NotFound", { shape: "google" });
  const badRequestTemplate = responseExample(wire, "BadRequest", { shape: "google" });
  const served = provider.operations.map((op) => `${op.method} ${provider.prefix}${op.template}`).join(", ");

  // Compute every default answer now: a broken bundle fails at start-up, and no request pays for a first call.
  for (const op of provider.operations) {
    for (const alt of [undefined, "sse"]) answers.answer(op, alt, { dynamic: false });
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

    // HTTP/1.1 requires Host (Node would answer an empty 400 itself; the server lets it through to here).
    if (req.headers.host === undefined) {
      return { status: 400, body: googleError(badRequestTemplate, 400, "INVALID_ARGUMENT", "The request has no Host header (HTTP/1.1 requires one).") };
    }
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

  /** The answer to a request that passed `check`, once its body is in (a promise for large bodies and `dynamic=true`). */
  function answer(op: MockOperation, alt: string | null | undefined, prefs: Preferences, read: BodyResult): Outcome {
    if (!read.ok) return invalidArgument(op, read.message);
    const judged = judge.judge(op.operationId, read.bytes);
    return judged instanceof Promise ? judged.then((j) => answerJudged(op, alt, prefs, j), (error) => refused(op, error)) : answerJudged(op, alt, prefs, judged);
  }

  const refused = (op: MockOperation, error: unknown): ErrorReply => {
    if (error instanceof NegotiationError) return invalidArgument(op, `Prefer: ${error.message}`);
    if (error instanceof DynamicBusyError || error instanceof JudgeBusyError) {
      return { status: 503, body: googleError(badRequestTemplate, 503, "UNAVAILABLE", `The mock is busy: ${error.message}; try again.`), headers: { "retry-after": "1" } };
    }
    throw error;
  };

  function answerJudged(op: MockOperation, alt: string | null | undefined, prefs: Preferences, judged: Judgement): Outcome {
    if (!judged.ok) return invalidArgument(op, judged.message, judged.violations);
    const { drift } = judged;
    const finish = (reply: Reply): ErrorReply | Reply => {
      if (reply.status >= 400 && !reply.example) {
        // A status the document gives no example for (`Prefer: code=504`): Prism would sample the error schema
        // ("string", -2147483648); the real service would send its envelope with the matching status name.
        return { status: reply.status, body: googleError(badRequestTemplate, reply.status, rpcStatus(reply.status), `Mock answer for Prefer: code=${reply.status}.`) };
      }
      if (!drift.length) return reply;
      const flagged = drift.map((d) => (d.value === undefined ? `${d.kind} ${d.field}` : `${d.kind} ${d.field}=${d.value}`));
      options.onDrift?.(`${op.method} ${op.template}: ${flagged.join("; ")}`);
      return { ...reply, headers: { ...reply.headers, [DRIFT_HEADER]: headerValue(flagged.join(", ")) } };
    };
    try {
      const reply = answers.answer(op, alt, prefs);
      return reply instanceof Promise ? reply.then(finish, (error) => refused(op, error)) : finish(reply);
    } catch (error) {
      return refused(op, error);
    }
  }

  // Plain callbacks rather than async functions: this is the per-request path of a throughput target.
  const guarded = (req: IncomingMessage, res: ServerResponse, work: () => void) => {
    try {
      work();
    } catch (error) {
      failed(req, res, error);
    }
  };
  // A bug in the mock, not in the request: say so plainly (the robustness test counts these).
  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    console.error(`mock ${providerId}: ${req.method} ${req.url}:`, error);
    if (!res.headersSent) sendError(res, { status: 500, body: googleError(undefined, 500, "INTERNAL", `Mock failure: ${(error as Error).message}`) });
    else res.destroy();
  };
  const reply = (res: ServerResponse, r: ErrorReply | Reply) => ("chunks" in r ? send(res, r) : sendError(res, r));

  const handle: Handler = (req, res) => guarded(req, res, () => {
    const checked = check(req);
    if (!("op" in checked)) return reply(res, checked);
    readBody(req, (read) => guarded(req, res, () => {
      const outcome = answer(checked.op, checked.alt, checked.prefs, read);
      if (outcome instanceof Promise) outcome.then((r) => reply(res, r)).catch((error) => failed(req, res, error));
      else reply(res, outcome);
    }));
  });

  const clientError = (error: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable) return void socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const text = JSON.stringify(googleError(badRequestTemplate, status, "INVALID_ARGUMENT", `The request could not be parsed: ${error.code ?? error.message}.`));
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  };

  const expectationFailed: Handler = (req, res) => guarded(req, res, () => {
    req.resume();
    const expect = String(req.headers.expect).replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
    sendError(res, { status: 417, body: googleError(badRequestTemplate, 417, "FAILED_PRECONDITION", `Expect: ${expect} cannot be met; only 100-continue is supported.`) });
  });

  return { provider, handle, clientError, expectationFailed, close: async () => {
    await Promise.all([answers.close(), judge.close()]);
  } };
}
