// Response selection by Prism's own negotiator (the code `prism mock` runs): which response, media type
// and example a request gets for its `Prefer` header. Prism reads the canonical bundle (responses are the
// same in both variants, and it loads ~15x faster than the wire one).
//
// Only the pieces needed are loaded: Prism's package entry point pulls in faker (over a second of start-up),
// which only example-less responses need, so its generator is loaded on first use (`Prefer: dynamic=true` runs it
// on a worker thread: ./dynamic.ts). Answers are deterministic, so each is computed once and kept as
// ready-to-send bytes.
import fs from "node:fs";
import { createRequire } from "node:module";
import { cacheKey, readCache, writeCache } from "./cache.ts";
import type { Preferences } from "./prefer.ts";

const require = createRequire(import.meta.url);
const PRISM_VERSION = require("@stoplight/prism-http/package.json").version;
type Doc = Record<string, any>;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** body pieces, written in order (one per event for server-sent events) */
  chunks: Buffer[];
  /** name of the example sent; none when the body was generated from the schema */
  example?: string;
}

/** The preferences cannot be met by this operation (unknown example, status without that media type…). */
export class NegotiationError extends Error {}

// Prism logs through pino; the mock keeps quiet.
const silent: any = new Proxy({}, { get: (_t, name) => (name === "child" ? () => silent : () => undefined) });

let generator: { generateStatic: Function } | undefined;
const loadGenerator = () => (generator ??= require("@stoplight/prism-http/dist/mocker/generator/JSONSchema.js"));

/**
 * Prism's operations for a bundle, as `prism mock` reads them (dereferenced, in its own model), kept in the
 * mock cache: its spec reader alone takes longer to load than the rest of a mock.
 */
async function prismOperations(bundlePath: string): Promise<string> {
  const text = fs.readFileSync(bundlePath, "utf8");
  const name = `prism-operations-${cacheKey(PRISM_VERSION, text)}.json`;
  const hit = readCache(name, (file) => fs.readFileSync(file, "utf8"));
  if (hit) return hit;
  const { getHttpOperationsFromSpec } = require("@stoplight/prism-http/dist/utils/operations.js");
  // Plain JSON by construction: Prism replaces reference cycles with $refs (decycle).
  const json = JSON.stringify(await getHttpOperationsFromSpec(JSON.parse(text)));
  writeCache(name, json);
  return json;
}

export interface Negotiator {
  /** the answer for these preferences (`dynamic` aside: see ./dynamic.ts) */
  respond(operationId: string, prefs: Preferences, mediaTypes: string[]): Reply;
  /** the body Prism picks for an invalid request (the operation's first 400 example), to fill in */
  invalidRequestBody(operationId: string): unknown;
  /** names of the examples of the operation's response for `code` */
  exampleKeys(operationId: string, code: string): string[];
  /** Prism's operations, as JSON (for the dynamic generator's worker) */
  operations: string;
}

/** `common` headers go on every reply (the server's CORS headers), merged once here rather than per request. */
export async function createNegotiator(canonicalPath: string, common: Record<string, string> = {}): Promise<Negotiator> {
  const helpers = require("@stoplight/prism-http/dist/mocker/negotiator/NegotiatorHelpers.js").default;
  const operationsJson = await prismOperations(canonicalPath);
  const operations: Doc[] = JSON.parse(operationsJson);
  const byId = new Map(operations.map((op) => [op.iid as string, op]));
  const cache = new Map<string, Reply>();

  const operation = (operationId: string) => {
    const op = byId.get(operationId);
    if (!op) throw new Error(`Prism found no operation ${operationId} in ${canonicalPath}`);
    return op;
  };

  const knownExamples = (op: Doc, code: string) => {
    const response = op.responses.find((r: Doc) => r.code === code) ?? op.responses.find((r: Doc) => r.code === "default");
    return [...new Set((response?.contents ?? []).flatMap((c: Doc) => (c.examples ?? []).map((e: Doc) => e.key)))];
  };

  const body = (op: Doc, result: Doc): unknown => {
    if (result.bodyExample) {
      if (!("value" in result.bodyExample)) throw new NegotiationError(`example ${result.bodyExample.key} is external`);
      return result.bodyExample.value;
    }
    if (!result.schema) return undefined;
    const generated = loadGenerator().generateStatic(op, result.schema);
    if (generated._tag === "Left") throw new NegotiationError(`could not generate a ${result.code} body: ${generated.left.message}`);
    return generated.right;
  };

  const build = (operationId: string, prefs: Preferences, mediaTypes: string[]): Reply => {
    const op = operation(operationId);
    // Prism would answer an undocumented success status from the `default` (error) response.
    if (prefs.code && prefs.code < 400 && !op.responses.some((r: Doc) => r.code === String(prefs.code))) {
      throw new NegotiationError(`code=${prefs.code} is not a status ${operationId} documents; it documents ${op.responses.map((r: Doc) => r.code).join(", ")}.`);
    }
    const negotiated = helpers.negotiateOptionsForValidRequest(op, { code: prefs.code, exampleKey: prefs.exampleKey, dynamic: false, mediaTypes })(silent);
    if (negotiated._tag === "Left") {
      const code = String(prefs.code ?? 200);
      const known = knownExamples(op, code);
      const detail = negotiated.left.detail || negotiated.left.message;
      throw new NegotiationError(`${detail}${known.length ? ` Examples for ${code}: ${known.join(", ")}.` : ""}`);
    }
    const result = negotiated.right;
    // Prism, not finding the example under the asked status, quietly falls back to the 200 that has it.
    if (prefs.code && prefs.exampleKey && Number(result.code) !== prefs.code) {
      const known = knownExamples(op, String(prefs.code));
      throw new NegotiationError(`example=${prefs.exampleKey} is not an example of the ${prefs.code} response of ${operationId}.${known.length ? ` Examples for ${prefs.code}: ${known.join(", ")}.` : ""}`);
    }
    const mediaType: string | undefined = result.mediaType;
    const value = body(op, result);
    const headers: Record<string, string> = { ...common };
    if (mediaType) headers["content-type"] = mediaType === "text/event-stream" ? mediaType : `${mediaType}; charset=utf-8`;
    let chunks: Buffer[] = [];
    if (typeof value === "string") {
      // An SSE example is the whole event stream as one string; sending it event by event lets clients
      // parse it as they would a real stream.
      chunks = mediaType === "text/event-stream"
        ? value.split(/(?<=\n\n)/).map((frame) => Buffer.from(frame))
        : [Buffer.from(value)];
    } else if (value !== undefined) {
      chunks = [Buffer.from(JSON.stringify(value))];
    }
    if (chunks.length === 1) headers["content-length"] = String(chunks[0].length);
    return { status: Number(result.code), headers, chunks, example: result.bodyExample?.key };
  };

  return {
    operations: operationsJson,
    exampleKeys: (operationId, code) => knownExamples(operation(operationId), code) as string[],
    respond(operationId, prefs, mediaTypes) {
      const key = `${operationId}\n${prefs.code ?? ""}\n${prefs.exampleKey ?? ""}\n${mediaTypes.join(",")}`;
      let reply = cache.get(key);
      if (!reply) {
        reply = build(operationId, prefs, mediaTypes); // throws for unmet preferences, which are not cached
        cache.set(key, reply);
      }
      return reply;
    },
    invalidRequestBody(operationId) {
      const op = operation(operationId);
      const result = helpers.negotiateOptionsForInvalidRequest(op.responses, [400])(silent);
      return result._tag === "Right" ? structuredClone(result.right.bodyExample?.value) : undefined;
    },
  };
}
