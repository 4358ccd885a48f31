// The shapes the mock hands to its users (a running mock, its journal entries), apart from the modules that
// build them, so that their declarations need no Node types.
import type { RequestDrift } from "../request-walk.ts";
import type { ScriptedAnswer } from "./script.ts";

export interface JournalEntry {
  /** 1, 2, 3… in the order the requests arrived */
  id: number;
  time: string;
  method: string;
  /** the URL path as sent */
  path: string;
  /** query parameters, credentials redacted */
  query: Record<string, string>;
  /** request headers (lower-case names), credentials redacted */
  headers: Record<string, string>;
  /** the operation the path names, when it names one */
  operation?: string;
  /** the parsed JSON body; its text when it is not JSON; absent without a body or when it was too large to keep */
  body?: unknown;
  bodyBytes: number;
  /** the judgement of the body: valid, or the 400's message and field violations */
  validation?: { valid: boolean; message?: string; violations?: { field: string; description: string }[] };
  /** what the request carries that the spec does not describe */
  drift: RequestDrift[];
  response: {
    status: number;
    /** the example sent, when one was */
    example?: string;
    /** how the answer came about when not from Prefer or the defaults: a scripted answer, an injected fault, the upstream */
    source?: "script" | "fault" | "proxy";
    /** with --proxy: what the upstream's answer does not conform to */
    violations?: string[];
  };
}

export interface MockServer {
  provider: string;
  /** the origin it listens on, e.g. http://127.0.0.1:41234 */
  url: string;
  /** what a client takes as its base URL: the origin plus the provider's path prefix (serevixai's `/v1`) */
  baseUrl: string;
  port: number;
  /** every request received, oldest first, credentials redacted (also GET {url}/__mock/requests) */
  requests(): JournalEntry[];
  clearRequests(): void;
  /** queues answers for the next calls, in order (also POST {url}/__mock/script); throws ScriptError for one that cannot be served */
  script(answers: ScriptedAnswer | ScriptedAnswer[]): void;
  clearScript(): void;
  /** stops listening and closes open connections */
  close(): Promise<void>;
}
