// The mock as a library, for test set-ups: `import { startMock } from "gemini-native-openapi/mock"`. Its types
// are declared here, apart from the server's, so that using it needs no Node type declarations.
import { knownProvider } from "../bundles.ts";
import { serveMock } from "./server.ts";

export { bundledProviders as mockProviders } from "../bundles.ts";

export interface StartMockOptions {
  /** `google`, `tikhub`, `kkiai`, `serevixai`, `selfhosted` (mockProviders() lists them) */
  provider: string;
  /** 0 (the default): a free port */
  port?: number;
  /** address to listen on (default 127.0.0.1) */
  host?: string;
  /** accept only this key; any other gets the provider's invalid-key answer (default: any non-empty key) */
  key?: string;
}

export interface MockServer {
  provider: string;
  /** the origin it listens on, e.g. http://127.0.0.1:41234 */
  url: string;
  /** what a client takes as its base URL: the origin plus the provider's path prefix (serevixai's `/v1`) */
  baseUrl: string;
  port: number;
  /** stops listening and closes open connections */
  close(): Promise<void>;
}

/** Starts a provider's mock in this process; resolves once it listens. */
export function startMock({ provider, ...options }: StartMockOptions): Promise<MockServer> {
  return serveMock(knownProvider(provider), options);
}
