// The mock as a library, for test set-ups: `import { startMock } from "gemini-native-openapi/mock"`. Its types
// are declared apart from the server's, so that using it needs no Node type declarations.
import { knownProvider } from "../bundles.ts";
import type { FaultOptions } from "./faults.ts";
import type { ScriptedAnswer } from "./script.ts";
import { serveMock } from "./server.ts";
import type { JournalEntry } from "./types.ts";

export { bundledProviders as mockProviders } from "../bundles.ts";
export { ScriptError } from "./script.ts";
export type { FaultOptions, JournalEntry, ScriptedAnswer };
export type { RequestDrift } from "../request-walk.ts";

export interface StartMockOptions {
  /** `google`, `tikhub`, `kkiai`, `serevixai`, `selfhosted` (mockProviders() lists them) */
  provider: string;
  /** 0 (the default): a free port */
  port?: number;
  /** address to listen on (default 127.0.0.1) */
  host?: string;
  /** accept only this key; any other gets the provider's invalid-key answer (default: any non-empty key) */
  key?: string;
  /** answer unknown fields, unknown enum names and empty `contents` with Google's 400 (default: accept and flag them) */
  strict?: boolean;
  /** milliseconds before the first byte of every answer */
  delay?: number;
  /** milliseconds between the frames of every stream */
  chunkDelay?: number;
  /** frames sent before the connection is cut, for every answer */
  dropAfter?: number;
  /** a share of valid requests answered with a failure (429 with Retry-After and RetryInfo, 503, …) */
  faults?: FaultOptions;
  /** forward every request to this real provider's base URL, checking the traffic, instead of answering */
  proxy?: string;
  /** with `proxy`: a folder to write each exchange into as a cassette (credentials redacted) */
  record?: string;
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

/** Starts a provider's mock in this process; resolves once it listens. */
export function startMock({ provider, delay, chunkDelay, dropAfter, proxy, record, ...options }: StartMockOptions): Promise<MockServer> {
  if (record && !proxy) throw new TypeError("record needs proxy: it records what the real provider answers");
  return serveMock(knownProvider(provider), {
    ...options,
    pacing: { delayMs: delay, chunkDelayMs: chunkDelay, dropAfter },
    proxy: proxy ? { upstream: proxy, record } : undefined,
  });
}
