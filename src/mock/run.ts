// Shared by the `mock` command and `npm start`: start several mocks, confirm each answers, print where they are,
// and stop everything on Ctrl-C.
import type { MockHandlerOptions } from "./handler.ts";
import { serveMock, type RunningMock } from "./server.ts";

export interface RunOptions extends Omit<MockHandlerOptions, "onDrift" | "onProxyViolation"> {
  ports: Record<string, number>;
  host?: string;
  /** told of what each mock notices: accepted requests with fields or enum names the spec does not describe,
   * and (with a proxy) traffic that does not conform */
  log?: (provider: string, line: string) => void;
}

/** Starts the mocks one after another (start-up is CPU-bound; in parallel they would only take turns). */
export async function startMocks(ids: string[], { ports, host, log, ...options }: RunOptions): Promise<RunningMock[]> {
  const running: RunningMock[] = [];
  try {
    for (const id of ids) {
      const told = log && ((line: string) => log(id, line));
      running.push(await serveMock(id, { ...options, port: ports[id], host, onDrift: told && ((line) => told(`not in the spec: ${line}`)), onProxyViolation: told }));
    }
  } catch (error) {
    await Promise.all(running.map((m) => m.close()));
    throw error;
  }
  // Listening is not answering: ask each one over HTTP before telling anyone it is there.
  for (const mock of running) {
    // The mock's own endpoint, which its journal does not count: the first request a user sees is their own.
    const res = await fetch(`${mock.url}/__mock/script`, { signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
  }
  return running;
}

/** A Markdown table of provider → base URL (what a client takes as `baseUrl`). */
export function table(rows: { name: string; url: string }[], heading = ["mock", "base URL"]): string {
  return [`| ${heading.join(" | ")} |`, `|${heading.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.name} | ${r.url} |`)].join("\n");
}

/** Runs `stop` once on SIGINT/SIGTERM (or SIGHUP when the terminal goes away), then exits 0: stopping was asked for. */
export function stopOnSignal(stop: () => Promise<void>) {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    // Give up waiting for slow connections rather than hanging on Ctrl-C.
    setTimeout(() => process.exit(0), 3_000).unref();
    stop().finally(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, handler);
}
