// The request journal: every request a mock received, oldest first, with what was judged of it and what it was
// answered, so a test can assert on what the app sent ("a system instruction and two tools"). Credentials are
// redacted before an entry is kept. Bounded: the newest MAX_ENTRIES entries, bodies kept up to MAX_BODY_BYTES
// each and MAX_TOTAL_BYTES in all (older bodies are dropped first; their entries stay).
import { REDACTED, SECRET_HEADERS, SECRET_QUERY } from "../contract/redact.ts";
import type { JournalEntry } from "./types.ts";

export type { JournalEntry };

export const MAX_ENTRIES = 1000;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/** What a request tells the journal before it is answered. */
export interface Arrival {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

const flat = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : value ?? "");

export class Journal {
  private entries: Array<JournalEntry & { raw?: Buffer }> = [];
  private next = 1;
  private bytes = 0;

  /** Opens an entry for a request as it arrives; the handler fills in the rest as it learns it. */
  open({ method, url, headers }: Arrival): JournalEntry & { raw?: Buffer } {
    const q = url.indexOf("?");
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(q < 0 ? "" : url.slice(q + 1))) query[name] = SECRET_QUERY.has(name.toLowerCase()) && value ? REDACTED : value;
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) kept[name] = SECRET_HEADERS.has(name) && value ? REDACTED : flat(value);
    const entry = { id: this.next++, time: new Date().toISOString(), method, path: q < 0 ? url : url.slice(0, q), query, headers: kept, bodyBytes: 0, drift: [], response: { status: 0 } };
    this.entries.push(entry);
    while (this.entries.length > MAX_ENTRIES) this.dropBody(this.entries.shift()!);
    return entry;
  }

  /** Keeps a body (when small enough), parsed only when the journal is read. */
  keepBody(entry: JournalEntry & { raw?: Buffer }, body: Buffer) {
    entry.bodyBytes = body.length;
    if (body.length > MAX_BODY_BYTES || !this.entries.includes(entry)) return;
    entry.raw = body;
    this.bytes += body.length;
    for (const old of this.entries) {
      if (this.bytes <= MAX_TOTAL_BYTES) break;
      if (old !== entry) this.dropBody(old);
    }
  }

  private dropBody(entry: { raw?: Buffer }) {
    if (entry.raw) this.bytes -= entry.raw.length;
    entry.raw = undefined;
  }

  /** The entries, oldest first, bodies parsed. */
  list(): JournalEntry[] {
    return this.entries.map(({ raw, ...entry }) => (raw ? { ...entry, body: parseBody(raw) } : entry));
  }

  clear() {
    this.entries = [];
    this.bytes = 0;
  }
}

function parseBody(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
