// The JSON values the generated models must parse, each tagged with the top-level type that describes it:
// every response body and SSE frame recorded in tests/fixtures/corpus and in tests/fixtures/recorded (cassettes),
// and every request and response example a provider's bundle documents. A value's type is that of its
// operation in the bundle (CodegenRoots); a recording of an operation the bundle does not serve has none.
import fs from "node:fs";
import path from "node:path";
import { corpusOperation, corpusRecords } from "../corpus.ts";
import { bundleExamples } from "../examples.ts";
import { repoRoot } from "../providers.ts";
import { parseSse } from "../../../src/validate.ts";
import type { CodegenRoots } from "./schema.ts";

export interface Sample {
  id: string;
  type: string;
  value: unknown;
}

export interface SampleSet {
  samples: Sample[];
  /** bodies that are not JSON (a gateway's empty 429, say): nothing for a JSON model to parse */
  skipped: string[];
  /** recordings of operations the bundle does not serve (Google's embeddings for a gateway that relays none) */
  notServed: string[];
}

export const emptySampleSet = (): SampleSet => ({ samples: [], skipped: [], notServed: [] });

export const cassetteDir = path.join(repoRoot, "tests", "fixtures", "recorded");

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * Samples of one response of `operation`: its body, each element of a JSON stream, or each SSE frame. A stream
 * element has the stream's chunk type (GenerateContentStreamEvent: a chunk, or the error envelope when the
 * stream failed after it started).
 */
export function responseSamples(id: string, operation: string, status: number, body: unknown, frames: unknown[] | undefined, roots: CodegenRoots, into: SampleSet) {
  const served = roots.operations[operation];
  if (!served) return void into.notServed.push(`${id} (${operation})`);
  const add = (sid: string, value: unknown, type: string) => {
    if (isObject(value)) into.samples.push({ id: sid, type, value });
    else into.skipped.push(`${sid}: ${value === undefined ? "no body" : "not a JSON object"}`);
  };
  if (frames) frames.forEach((frame, i) => add(`${id} frame ${i}`, frame, served.response));
  else if (Array.isArray(body) && status < 400) body.forEach((chunk, i) => add(`${id} chunk ${i}`, chunk, served.response));
  else add(id, body, status >= 400 ? roots.error : served.response);
}

export function corpusSamples(roots: CodegenRoots, into: SampleSet = emptySampleSet()): SampleSet {
  for (const { id, record } of corpusRecords()) {
    const { status, body, events } = record.response;
    responseSamples(`corpus/${id}`, corpusOperation(record), status, body, events, roots, into);
  }
  return into;
}

const walk = (dir: string): string[] => !fs.existsSync(dir) ? [] : fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((d) => d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith(".json") ? [path.join(dir, d.name)] : []);

/** Cassettes recorded for the given providers (tests/fixtures/recorded/<provider>/…). */
export function cassetteSamples(providers: string[], roots: CodegenRoots, into: SampleSet = emptySampleSet(), dir = cassetteDir): SampleSet {
  for (const file of walk(dir).sort()) {
    const cassette = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!providers.includes(cassette.provider)) continue;
    const { status, body, sseEvents } = cassette.response ?? {};
    responseSamples(`cassette/${path.relative(dir, file)}`, cassette.operation, status, body, sseEvents, roots, into);
  }
  return into;
}

/** The request and response examples of a bundle, per operation and status. */
export function exampleSamples(id: string, doc: any, roots: CodegenRoots, into: SampleSet = emptySampleSet()): SampleSet {
  for (const { operationId, target, mediaType, name, value } of bundleExamples(doc)) {
    const sid = `example/${id}/${operationId}/${target}/${name}`;
    if (target === "request") {
      if (mediaType !== "application/json") continue;
      const type = roots.operations[operationId]?.request;
      if (!type) throw new Error(`codegen: ${sid} is a request example of an operation without a JSON request body`);
      into.samples.push({ id: sid, type, value });
      continue;
    }
    const code = target === "default" ? 500 : Number(target);
    if (mediaType === "text/event-stream") responseSamples(sid, operationId, code, undefined, parseSse(value as string), roots, into);
    else responseSamples(sid, operationId, code, value, undefined, roots, into);
  }
  return into;
}
