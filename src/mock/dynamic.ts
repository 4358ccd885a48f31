// `Prefer: dynamic=true`: a body generated from the response schema by Prism's own generator (json-schema-faker)
// instead of an example. Generating one takes 0.1–0.8 s on Google's deeply nested schemas, so it runs on a worker
// thread, started on the first such request: the mock's own thread keeps answering everybody else meanwhile. The
// work is bounded: a few generations wait at most, and one that runs too long is abandoned with its worker.
import { Worker } from "node:worker_threads";

/** Generations waiting or running at once; more are refused until one finishes. */
const MAX_PENDING = 8;
/** A generation still running after this long is abandoned (its worker is stopped and replaced on demand). */
const TIME_LIMIT_MS = 10_000;

/** The generator cannot take this request now (too many waiting, or it ran out of time). */
export class DynamicBusyError extends Error {
  name = "DynamicBusyError";
}

// CommonJS run by the worker (eval): Prism's negotiator picks the response and media type as for examples,
// its generator fills the schema.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const req = require("node:module").createRequire(workerData.from);
const helpers = req("@stoplight/prism-http/dist/mocker/negotiator/NegotiatorHelpers.js").default;
const generator = req("@stoplight/prism-http/dist/mocker/generator/JSONSchema.js");
const silent = new Proxy({}, { get: (_t, name) => (name === "child" ? () => silent : () => undefined) });
const operations = new Map(JSON.parse(workerData.operations).map((op) => [op.iid, op]));
parentPort.on("message", ({ id, operationId, code }) => {
  try {
    const op = operations.get(operationId);
    const negotiated = helpers.negotiateOptionsForValidRequest(op, { code, dynamic: true, mediaTypes: ["application/json"] })(silent);
    if (negotiated._tag === "Left") throw new Error(negotiated.left.detail || negotiated.left.message);
    const { schema, code: status } = negotiated.right;
    if (!schema) throw new Error("the response has no schema to generate from");
    const generated = generator.generate(op, op.__bundled__, schema);
    if (generated._tag === "Left") throw generated.left;
    parentPort.postMessage({ id, status: Number(status), body: generated.right });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});`;

export interface DynamicGenerator {
  /** a generated body for the operation's `code` response (its 200 when not given) */
  generate(operationId: string, code?: number): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** `operations` are Prism's parsed operations of the canonical bundle (JSON), as the negotiator has them. */
export function dynamicGenerator(operations: string, from: string): DynamicGenerator {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (r: { status: number; body: unknown }) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  const stop = (reason: Error) => {
    void worker?.terminate();
    worker = undefined;
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(reason);
      pending.delete(id);
    }
  };
  const start = () => {
    const w = new Worker(WORKER, { eval: true, workerData: { operations, from } });
    w.unref(); // never keeps the process alive on its own
    w.on("message", ({ id, status, body, error }) => {
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      clearTimeout(p.timer);
      if (error) p.reject(new Error(error));
      else p.resolve({ status, body });
    });
    w.on("error", (error) => stop(error instanceof Error ? error : new Error(String(error))));
    return w;
  };

  return {
    generate(operationId, code) {
      if (pending.size >= MAX_PENDING) return Promise.reject(new DynamicBusyError(`${MAX_PENDING} dynamic answers are being generated already`));
      worker ??= start();
      const id = next++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => stop(new DynamicBusyError(`generating the answer took over ${TIME_LIMIT_MS / 1000} s`)), TIME_LIMIT_MS);
        timer.unref();
        pending.set(id, { resolve, reject, timer });
        worker!.postMessage({ id, operationId, code });
      });
    },
    close: async () => stop(new DynamicBusyError("the mock is closing")),
  };
}
