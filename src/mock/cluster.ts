// Several processes serving the same mocks on the same ports (node:cluster), for more throughput than one
// event loop gives. The primary only forks and reports; each worker loads the mocks itself.
import cluster from "node:cluster";
import type { RunningMock } from "./server.ts";

type Started = Array<Pick<RunningMock, "provider" | "url" | "baseUrl">>;

/**
 * In the primary: forks `workers` processes, resolves with what the first one started once all are
 * listening, and stops them when the primary is told to stop. In a worker: runs `start` and reports back.
 */
export async function clustered(workers: number, start: () => Promise<RunningMock[]>): Promise<{ primary: boolean; started: Started; stop(): Promise<void> }> {
  if (cluster.isWorker) {
    const mocks = await start();
    process.send!({ started: mocks.map(({ provider, url, baseUrl }) => ({ provider, url, baseUrl })) });
    return { primary: false, started: mocks, stop: () => Promise.all(mocks.map((m) => m.close())).then(() => undefined) };
  }
  const forked = Array.from({ length: workers }, () => cluster.fork());
  const reports = await Promise.all(forked.map((worker) => new Promise<Started>((resolve, reject) => {
    worker.once("message", (message) => resolve(message.started));
    worker.once("exit", (code) => reject(new Error(`mock worker exited with code ${code} before it was ready`)));
  })));
  const stop = () => Promise.all(forked.map((worker) => new Promise<void>((resolve) => {
    if (worker.isDead()) return resolve();
    worker.once("exit", () => resolve());
    worker.kill("SIGTERM");
  }))).then(() => undefined);
  return { primary: true, started: reports[0], stop };
}
