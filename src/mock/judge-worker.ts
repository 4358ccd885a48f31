// The judge's worker thread (./judge.ts): judges large request bodies off the mock's thread.
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { bodyJudge } from "./judge.ts";

const { wirePath, operationIds } = workerData as { wirePath: string; operationIds: string[] };
const judge = bodyJudge(JSON.parse(fs.readFileSync(wirePath, "utf8")), operationIds);

parentPort!.on("message", ({ id, operationId, bytes }: { id: number; operationId: string; bytes: Uint8Array }) => {
  try {
    parentPort!.postMessage({ id, result: judge(operationId, bytes) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error)?.message ?? String(error) });
  }
});
