// Worker threads that run one of this package's modules: its compiled .js in the installed package, its .ts
// source in this repository (loaded through tsx, which the repository has as a dev dependency).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { packageRoot } from "../bundles.ts";

/** `sibling` is the module's name without extension, next to the module at `from` (its import.meta.url). */
export function moduleWorker(from: string, sibling: string, workerData: unknown): Worker {
  const source = from.endsWith(".ts");
  const url = new URL(`./${sibling}${source ? ".ts" : ".js"}`, from);
  if (!source) return new Worker(url, { workerData });
  const tsx = pathToFileURL(path.join(packageRoot, "node_modules", "tsx", "dist", "esm", "api", "index.mjs")).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** The work on a worker thread cannot be taken now: too many calls waiting, one ran too long, or the worker died. */
export class BusyError extends Error {
  name = "BusyError";
}

export interface WorkerCalls<Request, Result> {
  /** sends `message` (with an `id` added) and resolves with the worker's `result` for it */
  call(message: Request, transfer?: ArrayBuffer[]): Promise<Result>;
  /** stops the worker; calls still waiting fail with BusyError */
  close(): Promise<void>;
}

/**
 * Calls answered by a worker thread, started on the first call: at most `maxPending` at once (more fail with
 * BusyError at once), each within `timeLimitMs` (else the worker is stopped, failing whatever waits, and started
 * afresh on the next call). The worker answers each message `{ id, … }` with `{ id, result }` or `{ id, error }`.
 */
export function workerCalls<Request extends object, Result>(start: () => Worker, { what, maxPending, timeLimitMs }: { what: string; maxPending: number; timeLimitMs: number }): WorkerCalls<Request, Result> {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const stop = (reason: Error) => {
    void worker?.terminate();
    worker = undefined;
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(reason);
      pending.delete(id);
    }
  };
  const launch = () => {
    const w = start();
    w.unref(); // never keeps the process alive on its own
    w.on("message", ({ id, result, error }: { id: number; result?: Result; error?: string }) => {
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      clearTimeout(p.timer);
      if (error !== undefined) p.reject(new Error(error));
      else p.resolve(result as Result);
    });
    w.on("error", (error) => stop(new BusyError(`the ${what} stopped: ${error instanceof Error ? error.message : String(error)}`)));
    return w;
  };
  return {
    call(message, transfer) {
      if (pending.size >= maxPending) return Promise.reject(new BusyError(`${maxPending} ${what} calls are waiting already`));
      worker ??= launch();
      const id = next++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => stop(new BusyError(`the ${what} took over ${timeLimitMs / 1000} s`)), timeLimitMs);
        timer.unref();
        pending.set(id, { resolve, reject, timer });
        worker!.postMessage({ ...message, id }, transfer ?? []);
      });
    },
    close: async () => stop(new BusyError("the mock is closing")),
  };
}
