// A provider's mock as a node:http request handler: it checks a request the way the provider does (route,
// method, credentials, body against the wire bundle) and answers it, every failure a 4xx in the provider's error
// shape. What a valid request gets, first that applies:
//   1. with `proxy`, whatever the real provider answers (./proxy.ts), checked on its way through;
//   2. in strict mode, Google's 400 for what Google refuses and the spec lets through (./strict.ts);
//   3. the next scripted answer for its operation (./script.ts);
//   4. the answer its `Prefer` header asks for (./answers.ts);
//   5. an injected failure, when the run has a fail rate (./faults.ts);
//   6. the first example.
// Every request goes into the journal (./journal.ts); `/__mock/…` reads it and drives the script (./control.ts).
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { createValidators, type BundleValidators } from "../validate.ts";
import { readJson } from "../bundles.ts";
import { AnswerRefusal, type Call, createAnswers } from "./answers.ts";
import { authFailure, authorized, invalidKey } from "./auth.ts";
import { readBody, type BodyResult } from "./body.ts";
import { CONTROL_PREFIX, control } from "./control.ts";
import { badRequestDetail, googleError, responseExample, type ErrorReply } from "./errors.ts";
import { createFaults, type FaultOptions, RETRY_INFO, retryInfo } from "./faults.ts";
import { Journal, type JournalEntry } from "./journal.ts";
import { createJudge, type Judgement } from "./judge.ts";
import { createNegotiator, NegotiationError, type Negotiator, type Reply } from "./negotiate.ts";
import { type Pacing, parsePrefer, PreferError, type Preferences } from "./prefer.ts";
import { loadProvider, type MockOperation, type MockProvider } from "./provider.ts";
import { createProxy, type ProxyOptions } from "./proxy.ts";
import { Script, type ScriptedAnswer } from "./script.ts";
import { errorReply, JSON_TYPE, send } from "./send.ts";
import { BusyError } from "./thread.ts";
import { strictMessage, strictViolations } from "./strict.ts";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface MockHandler {
  provider: MockProvider;
  handle: Handler;
  /** answers a connection whose request Node could not even parse (bad header, bad request line) */
  clientError(error: Error, socket: Socket): void;
  /** answers a request whose `Expect` header asks for something other than 100-continue */
  expectationFailed: Handler;
  journal: Journal;
  script: Script;
  /** releases what answering holds (worker threads) */
  close(): Promise<void>;
}

export interface MockHandlerOptions {
  /** accept only this key; any other gets the provider's invalid-key answer (default: any non-empty key) */
  key?: string;
  /** told of every accepted request that carries fields or enum names the spec does not describe */
  onDrift?: (line: string) => void;
  /** answer what Google refuses (unknown fields and enum names, empty required lists) as Google does */
  strict?: boolean;
  /** pacing of every answer (a request's `Prefer` overrides it) */
  pacing?: Pacing;
  /** a share of valid requests answered with a failure */
  faults?: FaultOptions;
  /** forward every request to the real provider instead of answering it */
  proxy?: ProxyOptions;
  /** told of each exchange the proxy found wrong, one line each */
  onProxyViolation?: (line: string) => void;
}

/**
 * Names what an accepted request carries that the spec does not describe: properties it does not declare (a
 * typo, a field newer than the spec) and enum names it does not list. Google itself rejects unknown fields; the
 * mock accepts them unless strict, as the schemas are open, and says so here.
 */
export const DRIFT_HEADER = "x-gemini-mock-drift";
// Browsers may call the mock (the docs' console does); they may read the drift header too.
const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": `${DRIFT_HEADER}, retry-after` };

// google.rpc.Code names by the HTTP status Google maps them to.
const RPC_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ABORTED",
  429: "RESOURCE_EXHAUSTED", 499: "CANCELLED", 500: "INTERNAL", 501: "UNIMPLEMENTED", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
};
const rpcStatus = (status: number) => RPC_STATUS[status] ?? "UNKNOWN";

// Header values are visible ASCII; field names and values come from the request and may be anything.
// Percent-encoded as UTF-8 (a lone surrogate becomes U+FFFD rather than an exception).
const headerValue = (text: string) => text
  .replace(/[^\x20-\x7e]|%/gu, (c) => [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""))
  .slice(0, 4096);

/** A reply, with where it came from (for the journal), its own pacing (a scripted answer's), and whether its body was given literally. */
type Answer = (ErrorReply | Reply) & { source?: JournalEntry["response"]["source"]; pacing?: Pacing; literal?: boolean };
type Outcome = Answer | Promise<Answer>;
interface Checked { op: MockOperation; alt: string | null | undefined; prefs: Preferences; pathWithinProvider: string; call: Call }

export async function createMockHandler(providerId: string, options: MockHandlerOptions = {}): Promise<MockHandler> {
  const provider = loadProvider(providerId);
  const { wire } = provider;
  const judge = createJudge(wire, provider.wirePath, provider.operations.map((op) => op.operationId));
  const negotiator: Negotiator = await createNegotiator(provider.canonicalPath, CORS);
  const answers = createAnswers(provider, negotiator, CORS);
  const faults = createFaults(options.faults);
  const proxy = options.proxy ? createProxy(providerId, options.proxy) : undefined;
  const journal = new Journal();
  let canonical: BundleValidators | undefined;
  const script = new Script((answer) => checkScripted(answer));
  const notFoundTemplate = responseExample(wire, "NotFound", { shape: "google" });
  const badRequestTemplate = responseExample(wire, "BadRequest", { shape: "google" });
  const served = provider.operations.map((op) => `${op.method} ${provider.prefix}${op.template}`).join(", ");
  const operation = (id: string) => provider.operations.find((op) => op.operationId === id);

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
  // What a gateway answers a path it does not serve, before anything reaches Google (new-api's RelayNotFound).
  const gatewayNotFound = provider.errorShapes.includes("gateway") ? responseExample(wire, "NotFound", { shape: "gateway" }) as any : undefined;
  const unserved = (method: string, pathname: string): ErrorReply => gatewayNotFound
    ? { status: 404, body: { error: { ...gatewayNotFound.error, message: `Invalid URL (${method} ${pathname})` } } }
    : notFound(`No route for ${method} ${pathname}. This mock serves ${served}.`);

  /** Why a scripted answer cannot be served (checked when it is queued), or undefined. */
  function checkScripted(answer: ScriptedAnswer): string | undefined {
    const opId = answer.operation ?? "generateContent";
    const op = operation(opId);
    if (!op) return `no operation ${opId}; there are ${provider.operations.map((o) => o.operationId).join(", ")}`;
    const status = String(answer.status ?? 200);
    if (answer.example !== undefined) {
      const known = [...negotiator.exampleKeys(opId, status), ...(op.streams && status === "200" ? negotiator.exampleKeys("generateContent", status) : [])];
      if (!known.includes(answer.example)) return `${opId} has no ${status} example ${answer.example}; it has ${[...new Set(known)].join(", ") || "none"}`;
    }
    if (answer.body !== undefined) {
      canonical ??= createValidators(readJson(provider.canonicalPath));
      const frames = op.streams && status === "200" && Array.isArray(answer.body) ? answer.body : [answer.body];
      const validate = op.streams && status === "200" ? canonical.sseData(opId, status) : canonical.response(opId, status);
      for (const [i, frame] of frames.entries()) {
        if (!validate(frame)) return `the body${frames.length > 1 ? `'s chunk ${i}` : ""} is not a valid ${opId} ${status} answer: ${(validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")}`;
      }
    }
    return undefined;
  }

  /** Everything that can be judged before the body arrives: a reply, or what the body is for. */
  function check(req: IncomingMessage): Answer | Checked {
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
          "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
          "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
          "access-control-max-age": "86400",
        },
      };
    }
    const candidates = provider.operations.filter((o) => o.pattern.test(pathname));
    const op = candidates.find((o) => o.method === req.method);
    if (!op) {
      if (!candidates.length) return unserved(req.method ?? "GET", pathname);
      const allow = candidates.map((o) => o.method).join(", ");
      return notFound(`Method not found: ${req.method} ${pathname} (it takes ${allow}).`, { allow });
    }
    // Through the proxy the real provider judges the credentials.
    if (!proxy) {
      const auth = authorized(provider, req.headers, query, options.key);
      if (auth === "missing") return authFailure(provider, req.headers);
      if (auth === "invalid") return invalidKey(provider, req.headers);
    }
    const alt = query?.get("alt");
    if (op.streams && alt != null && alt !== "sse" && alt !== "json") {
      return invalidArgument(op, `Invalid value at 'alt': "${alt}" (expected sse or json).`, [{ field: "alt", description: "must be sse or json" }]);
    }
    try {
      const model = op.template.includes("{model}") ? op.pattern.exec(pathname)?.[1] : undefined;
      return { op, alt, prefs: parsePrefer(req.headers.prefer), pathWithinProvider: url.slice(provider.prefix.length), call: { query, model: model && safeDecode(model) } };
    } catch (error) {
      if (error instanceof PreferError) return invalidArgument(op, error.message);
      throw error;
    }
  }

  const refused = (op: MockOperation, error: unknown): Answer => {
    if (error instanceof NegotiationError) return invalidArgument(op, `Prefer: ${error.message}`);
    if (error instanceof AnswerRefusal) {
      return error.status === 404 ? notFound(error.message) : invalidArgument(op, error.message, error.field ? [{ field: error.field, description: error.message }] : undefined);
    }
    if (error instanceof BusyError) {
      return { status: 503, body: googleError(badRequestTemplate, 503, "UNAVAILABLE", `The mock is busy: ${error.message}; try again.`) };
    }
    throw error;
  };

  /** A 429 or 503 says when to try again: `Retry-After`, and Google's `RetryInfo` in its envelope (429). */
  function withRetryAfter(answer: Answer, injected = false): Answer {
    if (answer.status !== 429 && answer.status !== 503) return answer;
    const isReply = "chunks" in answer;
    const body: any = isReply ? parse(Buffer.concat(answer.chunks)) : answer.body;
    const error = body?.error;
    const details: any[] = Array.isArray(error?.details) ? error.details : [];
    const info = details.find((d) => d?.["@type"] === RETRY_INFO);
    let seconds = faults.retryAfterSeconds;
    let changed = body;
    // An example's own RetryInfo decides, unless the failure is injected (then the run's setting does).
    if (info && !injected) seconds = Math.ceil(parseFloat(info.retryDelay) || seconds);
    else if (typeof error?.status === "string" && answer.status === 429) {
      changed = { ...body, error: { ...error, details: [...details.filter((d) => d !== info), retryInfo(seconds)] } };
    }
    const headers = { ...answer.headers, "retry-after": String(seconds) };
    if (!isReply) return { ...answer, body: changed, headers };
    if (changed === body) return { ...answer, headers };
    const bytes = Buffer.from(JSON.stringify(changed));
    return { ...answer, headers: { ...headers, "content-length": String(bytes.length) }, chunks: [bytes] };
  }

  /** The answer to a request that passed `check`, once its body is in. */
  function answer(checked: Checked, read: BodyResult, entry: JournalEntry): Outcome {
    const { op } = checked;
    if (!read.ok) {
      entry.validation = { valid: false, message: read.message };
      return invalidArgument(op, read.message);
    }
    journal.keepBody(entry, read.bytes);
    const judged = judge.judge(op.operationId, read.bytes);
    return judged instanceof Promise ? judged.then((j) => answerJudged(checked, j, entry), (error) => refused(op, error)) : answerJudged(checked, judged, entry);
  }

  function answerJudged({ op, alt, prefs, call }: Checked, judged: Judgement, entry: JournalEntry): Outcome {
    entry.validation = judged.ok ? { valid: true } : { valid: false, message: judged.message, violations: judged.violations };
    if (!judged.ok) return invalidArgument(op, judged.message, judged.violations);
    entry.drift = judged.drift;
    if (prefs.strict ?? options.strict) {
      const violations = strictViolations(judged.drift, judged.unspecified);
      if (violations.length) return invalidArgument(op, strictMessage(violations), violations);
    }
    const flagged = judged.drift.map((d) => (d.value === undefined ? `${d.kind} ${d.field}` : `${d.kind} ${d.field}=${d.value}`));
    if (flagged.length) options.onDrift?.(`${op.method} ${op.template}: ${flagged.join("; ")}`);
    const finish = (reply: Answer): Answer => {
      if (reply.status >= 400 && "chunks" in reply && !reply.example && !reply.literal) {
        // A status the document gives no example for (`Prefer: code=504`): Prism would sample the error schema
        // ("string", -2147483648); the real service would send its envelope with the matching status name.
        return { status: reply.status, body: googleError(badRequestTemplate, reply.status, rpcStatus(reply.status), `Mock answer for Prefer: code=${reply.status}.`), source: reply.source, pacing: reply.pacing };
      }
      return flagged.length ? { ...reply, headers: { ...reply.headers, [DRIFT_HEADER]: headerValue(flagged.join(", ")) } } as Answer : reply;
    };
    try {
      const scripted = script.take(op.operationId);
      if (scripted) return finish(withRetryAfter(scriptedReply(op, alt, scripted)));
      const explicit = prefs.dynamic || prefs.code !== undefined || prefs.exampleKey !== undefined;
      const failWith = explicit ? undefined : faults.draw();
      if (failWith !== undefined) {
        const failure = answers.answer(op, alt, { code: failWith, dynamic: false }) as Reply;
        return finish(withRetryAfter({ ...failure, source: "fault" }, true));
      }
      const reply = answers.answer(op, alt, prefs, call);
      return reply instanceof Promise ? reply.then((r) => finish(withRetryAfter(r)), (error) => refused(op, error)) : finish(withRetryAfter(reply));
    } catch (error) {
      return refused(op, error);
    }
  }

  function scriptedReply(op: MockOperation, alt: string | null | undefined, scripted: ScriptedAnswer): Answer {
    const pacing = { delayMs: scripted.delay, chunkDelayMs: scripted.chunkDelay, dropAfter: scripted.dropAfter };
    const reply = scripted.body !== undefined
      ? answers.literal(op, alt, scripted.status ?? 200, scripted.body)
      : answers.answer(op, alt, { code: scripted.status, exampleKey: scripted.example, dynamic: false }) as Reply;
    return { ...reply, source: "script", pacing: definedPacing(pacing), literal: scripted.body !== undefined };
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
    if (!res.headersSent) send(res, errorReply({ status: 500, body: googleError(undefined, 500, "INTERNAL", `Mock failure: ${(error as Error).message}`) }, CORS));
    else res.destroy();
  };

  const reply = (res: ServerResponse, answer: Answer, entry: JournalEntry | undefined, prefs?: Preferences) => {
    const r: Reply = "chunks" in answer ? answer : errorReply(answer, CORS);
    if (entry) {
      entry.response = { status: r.status, ...("chunks" in answer && answer.example ? { example: answer.example } : {}), ...(answer.source ? { source: answer.source } : {}) };
    }
    const pacing = { ...definedPacing(options.pacing), ...answer.pacing, ...definedPacing(prefs) };
    send(res, r, pacing);
  };

  const handle: Handler = (req, res) => guarded(req, res, () => {
    const url = req.url ?? "/";
    if (url.startsWith(CONTROL_PREFIX)) return controlRequest(req, res);
    const entry = journal.open({ method: req.method ?? "", url, headers: req.headers });
    const checked = check(req);
    if (!("op" in checked)) {
      req.resume();
      return reply(res, checked, entry);
    }
    entry.operation = checked.op.operationId;
    readBody(req, (read) => guarded(req, res, () => {
      if (proxy && read.ok) return proxied(req, res, checked, read.bytes, entry);
      const outcome = answer(checked, read, entry);
      if (outcome instanceof Promise) outcome.then((a) => reply(res, a, entry, checked.prefs)).catch((error) => failed(req, res, error));
      else reply(res, outcome, entry, checked.prefs);
    }));
  });

  function proxied(req: IncomingMessage, res: ServerResponse, checked: Checked, bytes: Buffer, entry: JournalEntry) {
    journal.keepBody(entry, bytes);
    const judging = judge.judge(checked.op.operationId, bytes);
    const noted = (judged: Judgement) => {
      entry.validation = judged.ok ? { valid: true } : { valid: false, message: judged.message, violations: judged.violations };
      if (judged.ok) entry.drift = judged.drift;
    };
    Promise.resolve(judging).then(noted, () => undefined)
      .then(() => proxy!.forward(req, res, checked.op, bytes, checked.pathWithinProvider))
      .then((result) => {
        const requestProblems = entry.validation?.valid === false ? [`request: ${entry.validation.message}`] : [];
        entry.response = { status: result.status, source: "proxy", violations: [...requestProblems, ...result.violations] };
        const drift = [...entry.drift.map((d) => `request ${d.kind} ${d.field}${d.value === undefined ? "" : `=${d.value}`}`), ...result.drift];
        const problems = [...entry.response.violations!, ...drift.map((d) => `drift: ${d}`)];
        if (problems.length) options.onProxyViolation?.(`${req.method} ${req.url?.split("?")[0]} → ${result.status}: ${problems.join("; ")}`);
      })
      .catch((error) => failed(req, res, error));
  }

  function controlRequest(req: IncomingMessage, res: ServerResponse) {
    const finish = (body?: Buffer) => guarded(req, res, () => {
      const pathname = (req.url ?? "/").split("?")[0];
      const result = control(pathname, req.method ?? "GET", body, journal, script);
      if (result.status === 204) return send(res, { status: 204, headers: { ...CORS }, chunks: [] });
      const payload = result.status < 300
        ? result.body
        : googleError(badRequestTemplate, result.status, rpcStatus(result.status === 405 ? 404 : result.status), String(result.body));
      send(res, errorReply({ status: result.status, body: payload, headers: result.allow ? { allow: result.allow } : undefined }, CORS));
    });
    if (req.method !== "POST") {
      req.resume();
      return finish();
    }
    readBody(req, (read) => (read.ok ? finish(read.bytes) : finish(Buffer.from(""))));
  }

  const clientError = (error: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable) return void socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const text = JSON.stringify(googleError(badRequestTemplate, status, "INVALID_ARGUMENT", `The request could not be parsed: ${error.code ?? error.message}.`));
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  };

  const expectationFailed: Handler = (req, res) => guarded(req, res, () => {
    req.resume();
    const expect = String(req.headers.expect).replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
    send(res, errorReply({ status: 417, body: googleError(badRequestTemplate, 417, "FAILED_PRECONDITION", `Expect: ${expect} cannot be met; only 100-continue is supported.`) }, CORS));
  });

  return {
    provider, handle, clientError, expectationFailed, journal, script,
    close: async () => {
      await Promise.all([answers.close(), judge.close()]);
    },
  };
}

/** The pacing settings that are set (so that an unset one never hides a setting beneath it). */
function definedPacing(p: Pacing | undefined): Pacing {
  const out: Pacing = {};
  if (p?.delayMs !== undefined) out.delayMs = p.delayMs;
  if (p?.chunkDelayMs !== undefined) out.chunkDelayMs = p.chunkDelayMs;
  if (p?.dropAfter !== undefined) out.dropAfter = p.dropAfter;
  return out;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
}
