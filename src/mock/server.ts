// Serving a provider's mock handler on a port: started at once, or loaded on its first request.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { googleError } from "./errors.ts";
import { createMockHandler, type MockHandler, type MockHandlerOptions } from "./handler.ts";
import { Journal } from "./journal.ts";
import { loadProvider } from "./provider.ts";
import { Script } from "./script.ts";
import { errorReply, send } from "./send.ts";
import type { MockServer } from "./types.ts";

/** A mock listening on a port (the library's MockServer). */
export type RunningMock = MockServer;

export interface ServeOptions extends MockHandlerOptions {
  /** 0 (the default): a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
}

export function listen(mock: MockHandler, port = 0, host = "127.0.0.1"): Promise<RunningMock> {
  // Host is checked by the handler, so that its absence gets an error body like any other refusal.
  const server = http.createServer({ keepAliveTimeout: 5_000, requireHostHeader: false }, mock.handle);
  server.on("clientError", mock.clientError);
  server.on("checkExpectation", mock.expectationFailed);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const actual = (server.address() as AddressInfo).port;
      // A wildcard address is where it listens, not where to call it.
      const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
      const url = `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${actual}`;
      resolve({
        provider: mock.provider.id,
        url,
        baseUrl: url + mock.provider.prefix,
        port: actual,
        requests: () => mock.journal.list(),
        clearRequests: () => mock.journal.clear(),
        script: (answers) => void mock.script.add(answers),
        clearScript: () => mock.script.clear(),
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }).then(() => mock.close()),
      });
    });
  });
}

/** Loads a provider's mock and serves it. */
export async function serveMock(providerId: string, { port, host, ...options }: ServeOptions = {}): Promise<RunningMock> {
  return listen(await createMockHandler(providerId, options), port, host);
}

/**
 * Serves a provider's mock at once but loads it (validators, Prism) on its first request: for test set-ups
 * that start every mock although most runs never call them.
 */
export function serveLazyMock(providerId: string, { port, host, ...options }: ServeOptions = {}): Promise<RunningMock> {
  let loading: Promise<MockHandler> | undefined;
  let loaded: MockHandler | undefined;
  const load = () => (loading ??= createMockHandler(providerId, options).then((mock) => (loaded = mock)));
  // Before its first request the mock has received nothing, and cannot check a script yet.
  const empty = new Journal();
  const unloaded = new Script(() => "this mock loads on its first request: send it one first (or POST the script to /__mock/script)");
  const lazy: MockHandler = {
    provider: loadProvider(providerId),
    get journal() {
      return loaded?.journal ?? empty;
    },
    get script() {
      return loaded?.script ?? unloaded;
    },
    handle: (req, res) => {
      load().then((mock) => mock.handle(req, res), (error) => {
        console.error(`mock ${providerId} failed to load:`, error);
        send(res, errorReply({ status: 500, body: googleError(undefined, 500, "INTERNAL", `Mock failed to load: ${error.message}`) }, { "access-control-allow-origin": "*" }));
      });
    },
    clientError: (error, socket) => void load().then((mock) => mock.clientError(error, socket), () => socket.destroy()),
    expectationFailed: (req, res) => void load().then((mock) => mock.expectationFailed(req, res), () => res.destroy()),
    close: async () => {
      if (loading) await (await loading.catch(() => undefined))?.close();
    },
  };
  return listen(lazy, port, host);
}
