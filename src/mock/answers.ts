// What a valid request gets: the answer its `Prefer` header asks for, sent as the provider sends it.
// - an example of the operation, picked by Prism's negotiator (./negotiate.ts);
// - on streamGenerateContent, any 200 example of generateContent too, told as a stream (./chunks.ts), so a
//   streamed tool call, thought signatures, JSON output or an image can be mocked as well as text;
// - `dynamic=true`: a body generated from the schema on a worker thread (./dynamic.ts), streamed likewise.
import { streamChunks } from "./chunks.ts";
import { modelCatalogue, modelNotFound, type ModelCatalogue } from "./models.ts";
import { dynamicGenerator, type DynamicGenerator } from "./dynamic.ts";
import { BusyError } from "./thread.ts";
import { NegotiationError, type Negotiator, type Reply } from "./negotiate.ts";
import type { Preferences } from "./prefer.ts";
import type { MockOperation, MockProvider } from "./provider.ts";

const JSON_TYPE = "application/json; charset=utf-8";

/** What the call asks for beyond its body: the query string, the model its path names. */
export interface Call {
  query?: URLSearchParams;
  model?: string;
}

/** The request cannot be answered as asked: a bad paging parameter (400), a model the provider lacks (404). */
export class AnswerRefusal extends Error {
  constructor(readonly status: number, message: string, readonly field?: string) {
    super(message);
  }
}

export interface Answers {
  /**
   * Throws NegotiationError when the preferences cannot be met, AnswerRefusal when the call cannot be; a promise
   * only for `dynamic=true`.
   */
  answer(op: MockOperation, alt: string | null | undefined, prefs: Preferences, call?: Call): Reply | Promise<Reply>;
  /** a given body (a scripted answer, already checked): on a stream's 200, one response told as chunks, or the chunks */
  literal(op: MockOperation, alt: string | null | undefined, status: number, body: unknown): Reply;
  close(): Promise<void>;
}

export function createAnswers(provider: MockProvider, negotiator: Negotiator, common: Record<string, string>): Answers {
  // The unary twin of each streaming operation: `…:streamGenerateContent` → `…:generateContent`.
  const unaryOf = new Map<string, string>();
  for (const op of provider.operations.filter((o) => o.streams)) {
    const twin = provider.operations.find((o) => !o.streams && o.template === op.template.replace(/:streamGenerateContent$/, ":generateContent"));
    if (twin) unaryOf.set(op.operationId, twin.operationId);
  }
  const asSse = (op: MockOperation, alt: string | null | undefined) => op.streams && (alt === "sse" || provider.sseWithoutAlt);
  const mediaTypesFor = (op: MockOperation, alt: string | null | undefined) =>
    asSse(op, alt) ? ["text/event-stream", "application/json"] : ["application/json"];

  /** Server-sent events (one write per event) or, without SSE, Google's JSON array of the same chunks. */
  const streamReply = (status: number, chunks: unknown[], sse: boolean, example?: string): Reply => {
    const body = sse ? chunks.map((c) => Buffer.from(`data: ${JSON.stringify(c)}\r\n\r\n`)) : [Buffer.from(JSON.stringify(chunks))];
    const headers: Record<string, string> = { ...common, "content-type": sse ? "text/event-stream" : JSON_TYPE };
    if (body.length === 1) headers["content-length"] = String(body[0].length);
    return { status, headers, chunks: body, example };
  };
  const jsonReply = (status: number, value: unknown): Reply => {
    const body = Buffer.from(JSON.stringify(value));
    return { status, headers: { ...common, "content-type": JSON_TYPE, "content-length": String(body.length) }, chunks: [body] };
  };

  /** The body of the operation's 200 example of that name, parsed. */
  const exampleBody = (operationId: string, key: string) =>
    JSON.parse(Buffer.concat(negotiator.respond(operationId, { exampleKey: key, dynamic: false }, ["application/json"]).chunks).toString("utf8"));

  const streamed = new Map<string, Reply>();
  /** A generateContent 200 example on streamGenerateContent, when the streaming operation has none of that name. */
  function unaryExampleStreamed(op: MockOperation, alt: string | null | undefined, prefs: Preferences): Reply | undefined {
    const unary = unaryOf.get(op.operationId);
    const key = prefs.exampleKey;
    if (!unary || !key || (prefs.code && prefs.code !== 200)) return undefined;
    if (negotiator.exampleKeys(op.operationId, "200").includes(key) || !negotiator.exampleKeys(unary, "200").includes(key)) return undefined;
    const sse = asSse(op, alt);
    const cacheKey = `${op.operationId}\n${key}\n${sse}`;
    let reply = streamed.get(cacheKey);
    if (!reply) {
      reply = streamReply(200, streamChunks(exampleBody(unary, key)), sse, key);
      streamed.set(cacheKey, reply);
    }
    return reply;
  }

  let dynamic: DynamicGenerator | undefined;
  async function generated(op: MockOperation, alt: string | null | undefined, prefs: Preferences): Promise<Reply> {
    dynamic ??= dynamicGenerator(negotiator.operations, import.meta.url);
    const target = unaryOf.get(op.operationId) ?? op.operationId;
    let result: { status: number; body: unknown };
    try {
      result = await dynamic.generate(target, prefs.code);
    } catch (error) {
      if (error instanceof BusyError) throw error;
      throw new NegotiationError(`dynamic=true: ${(error as Error).message}`);
    }
    if (op.streams && result.status === 200 && result.body && typeof result.body === "object") {
      return streamReply(200, streamChunks(result.body as Record<string, unknown>), asSse(op, alt));
    }
    return jsonReply(result.status, result.body);
  }

  // The models of the list and single-model examples, for paging and lookups (when the provider serves them).
  let catalogue: ModelCatalogue | undefined;
  const examplesOf = (operationId: string) => (provider.operations.some((o) => o.operationId === operationId) ? negotiator.exampleKeys(operationId, "200") : [])
    .map((key) => exampleBody(operationId, key));
  const models = () => (catalogue ??= modelCatalogue(examplesOf("listModels"), examplesOf("getModel")));

  /** listModels and getModel without an explicit Prefer: the page, or the model, the call asks for. */
  function modelAnswer(op: MockOperation, prefs: Preferences, call: Call | undefined): Reply | undefined {
    if (prefs.exampleKey || prefs.code || prefs.dynamic) return undefined;
    if (op.operationId === "listModels") {
      const page = models().page(call?.query);
      if ("error" in page) throw new AnswerRefusal(page.error.status, page.error.message, page.error.field);
      return { ...jsonReply(200, page.body), example: "(paged from the listModels examples)" };
    }
    if (op.operationId === "getModel" && call?.model) {
      const model = models().model(call.model);
      if (!model) throw new AnswerRefusal(404, modelNotFound(call.model).message);
      return { ...jsonReply(200, model), example: "(from the listModels and getModel examples)" };
    }
    return undefined;
  }

  return {
    answer(op, alt, prefs, call) {
      if (prefs.dynamic) return generated(op, alt, prefs);
      return modelAnswer(op, prefs, call) ?? unaryExampleStreamed(op, alt, prefs) ?? negotiator.respond(op.operationId, prefs, mediaTypesFor(op, alt));
    },
    literal(op, alt, status, body) {
      if (!op.streams || status !== 200) return jsonReply(status, body);
      return streamReply(200, Array.isArray(body) ? body : streamChunks(body as Record<string, unknown>), asSse(op, alt));
    },
    close: async () => {
      await dynamic?.close();
    },
  };
}
