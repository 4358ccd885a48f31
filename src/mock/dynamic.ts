// `Prefer: dynamic=true`: a body generated from the response schema by Prism's own generator (json-schema-faker)
// instead of an example. Generating one takes 0.1–0.8 s on Google's deeply nested schemas, so it runs on a worker
// thread, started on the first such request: the mock's own thread keeps answering everybody else meanwhile. The
// work is bounded: a few generations wait at most, and one that runs too long is abandoned with its worker.
import { Worker } from "node:worker_threads";
import { workerCalls } from "./thread.ts";

/** Generations waiting or running at once; more are refused until one finishes. */
const MAX_PENDING = 8;
/** A generation still running after this long is abandoned (its worker is stopped and replaced on demand). */
const TIME_LIMIT_MS = 10_000;


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
    parentPort.postMessage({ id, result: { status: Number(status), body: generated.right } });
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
  const calls = workerCalls<{ operationId: string; code?: number }, { status: number; body: unknown }>(
    () => new Worker(WORKER, { eval: true, workerData: { operations, from } }),
    { what: "dynamic answer generator", maxPending: MAX_PENDING, timeLimitMs: TIME_LIMIT_MS });
  return {
    generate: (operationId, code) => calls.call({ operationId, code }),
    close: () => calls.close(),
  };
}
