// The mock as a library, for test set-ups: `import { startMock } from "gemini-native-openapi/mock"`. Its types
// are declared apart from the server's, so that using it needs no Node type declarations.
import { knownProvider } from "../bundles.ts";
import type { FaultOptions } from "./faults.ts";
import type { ScriptedAnswer } from "./script.ts";
import { serveMock } from "./server.ts";
import type { JournalEntry, MockServer } from "./types.ts";

export { bundledProviders as mockProviders } from "../bundles.ts";
export { ScriptError } from "./script.ts";
export type { FaultOptions, JournalEntry, MockServer, ScriptedAnswer };
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

/** Starts a provider's mock in this process; resolves once it listens. */
export function startMock({ provider, delay, chunkDelay, dropAfter, proxy, record, ...options }: StartMockOptions): Promise<MockServer> {
  if (record && !proxy) throw new TypeError("record needs proxy: it records what the real provider answers");
  return serveMock(knownProvider(provider), {
    ...options,
    pacing: { delayMs: delay, chunkDelayMs: chunkDelay, dropAfter },
    proxy: proxy ? { upstream: proxy, record } : undefined,
  });
}
