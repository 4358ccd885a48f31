// The JSON values the generated models must parse, each tagged with the top-level type that describes it:
// every response body and SSE frame recorded in tests/fixtures/corpus and in tests/fixtures/recorded (cassettes),
// and every request and response example a provider's bundle documents.
import fs from "node:fs";
import path from "node:path";
import { corpusRecords } from "../corpus.ts";
import { bundleExamples } from "../examples.ts";
import { repoRoot } from "../providers.ts";
import { parseSse } from "../../../src/validate.ts";
import type { RootType } from "./schema.ts";

export interface Sample {
  id: string;
  type: RootType;
  value: unknown;
}

export interface SampleSet {
  samples: Sample[];
  /** bodies that are not JSON (a gateway's empty 429, say): nothing for a JSON model to parse */
  skipped: string[];
}

export const cassetteDir = path.join(repoRoot, "tests", "fixtures", "recorded");

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

// A stream element is a response chunk, or Google's error envelope when the stream failed after it started.
const chunkType = (value: Record<string, unknown>): RootType => ("error" in value ? "ErrorResponse" : "GenerateContentResponse");

/** Samples of one response: its body, each element of a JSON stream, or each SSE frame. */
export function responseSamples(id: string, status: number, body: unknown, frames: unknown[] | undefined, into: SampleSet) {
  const add = (sid: string, value: unknown, type?: RootType) => {
    if (isObject(value)) into.samples.push({ id: sid, type: type ?? chunkType(value), value });
    else into.skipped.push(`${sid}: ${value === undefined ? "no body" : "not a JSON object"}`);
  };
  if (frames) frames.forEach((frame, i) => add(`${id} frame ${i}`, frame));
  else if (Array.isArray(body) && status < 400) body.forEach((chunk, i) => add(`${id} chunk ${i}`, chunk));
  else add(id, body, status >= 400 ? "ErrorResponse" : "GenerateContentResponse");
}

export function corpusSamples(into: SampleSet = { samples: [], skipped: [] }): SampleSet {
  for (const { id, record } of corpusRecords()) {
    const { status, body, events } = record.response;
    responseSamples(`corpus/${id}`, status, body, events, into);
  }
  return into;
}

const walk = (dir: string): string[] => !fs.existsSync(dir) ? [] : fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((d) => d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith(".json") ? [path.join(dir, d.name)] : []);

/** Cassettes recorded for the given providers (tests/fixtures/recorded/<provider>/…). */
export function cassetteSamples(providers: string[], into: SampleSet = { samples: [], skipped: [] }, dir = cassetteDir): SampleSet {
  for (const file of walk(dir).sort()) {
    const cassette = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!providers.includes(cassette.provider)) continue;
    const { status, body, sseEvents } = cassette.response ?? {};
    responseSamples(`cassette/${path.relative(dir, file)}`, status, body, sseEvents, into);
  }
  return into;
}

/** The request and response examples of a bundle, per operation and status. */
export function exampleSamples(id: string, doc: any, into: SampleSet = { samples: [], skipped: [] }): SampleSet {
  for (const { operationId, target, mediaType, name, value } of bundleExamples(doc)) {
    const sid = `example/${id}/${operationId}/${target}/${name}`;
    if (target === "request") {
      if (mediaType === "application/json") into.samples.push({ id: sid, type: "GenerateContentRequest", value });
      continue;
    }
    const code = target === "default" ? 500 : Number(target);
    if (mediaType === "text/event-stream") responseSamples(sid, code, undefined, parseSse(value as string), into);
    else responseSamples(sid, code, value, undefined, into);
  }
  return into;
}
