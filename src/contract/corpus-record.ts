// The corpus format: one exchange recorded from Google's API in a public test suite (the repository's
// tests/fixtures/corpus), naming where it was taken from. `check --cassettes` and `replay` accept such files
// next to cassettes and convert them here.
import { type Cassette, type Operation, parseGeminiPath } from "./cassette.ts";

export interface CorpusRecord {
  source: { repo: string; path: string; commit: string };
  request: { method: string; url: string | null; headers: Record<string, string>; body: unknown };
  response: { status: number; contentType: string; body?: unknown; events?: unknown[] };
  note?: string;
}

/** True when a record's note says its authors replaced payloads (base64, ids) with placeholder text. */
export const editedByAuthors = (note: string | undefined) =>
  /placeholder|sanitized|redacted|NOT valid base64/i.test(note ?? "");

export const looksLikeCorpusRecord = (value: any) =>
  Boolean(value?.source?.repo && value?.request && typeof value?.response?.status === "number" && "contentType" in value.response);

/** Path and query of a recorded URL (path + query, or absolute), or nulls where the source did not record it. */
export function splitUrl(url: string | null): { path: string | null; query: Record<string, string> } {
  if (!url) return { path: null, query: {} };
  const parsed = new URL(url, "http://origin.invalid");
  return { path: parsed.pathname, query: Object.fromEntries(parsed.searchParams) };
}

/**
 * The operation of a recorded exchange: the one its URL names; where the fixture did not keep its URL (most
 * generation fixtures), a stream by its shape (SSE events or a JSON array), else generateContent.
 */
export function corpusOperation(record: { request: { method: string; url: string | null }; response: { events?: unknown[]; body?: unknown } }): Operation {
  if (record.request.url) {
    const pathname = new URL(record.request.url, "http://origin.invalid").pathname;
    const named = parseGeminiPath(pathname, record.request.method);
    if (!named) throw new Error(`no operation of Gemini's API is at ${record.request.method} ${pathname}`);
    return named.operation;
  }
  return record.response.events || Array.isArray(record.response.body) ? "streamGenerateContent" : "generateContent";
}

/** The record as a cassette; `file` is where it was read (its path names it in the cassette's origin). */
export function fromCorpus(provider: string, file: string, record: CorpusRecord, source: Cassette["source"], note?: string): Cassette {
  const { path: wirePath, query } = splitUrl(record.request.url);
  const { status, contentType, body, events } = record.response;
  const origin = `${file} (${record.source.repo} ${record.source.path} @ ${record.source.commit.slice(0, 12)})`;
  return {
    provider,
    operation: corpusOperation(record),
    source,
    origin,
    ...(note || record.note ? { note: [note, record.note].filter(Boolean).join(" ") } : {}),
    request: { method: record.request.method, path: wirePath, query, headers: record.request.headers, body: record.request.body ?? null },
    response: { status, headers: { "content-type": contentType }, ...(events ? { sseEvents: events } : { body }) },
  };
}
