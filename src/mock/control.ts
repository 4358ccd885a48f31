// The mock's own endpoints, under a reserved path no Gemini API path can take (`/__mock/…`, whatever the
// provider's prefix): the request journal and the script of answers, for tests that drive a mock over HTTP.
//   GET /__mock/requests     the journal, oldest first          DELETE /__mock/requests   clears it
//   GET /__mock/script       the answers still queued           POST /__mock/script       queues answers (JSON)
//   DELETE /__mock/script    clears the queue
import type { Journal } from "./journal.ts";
import { ScriptError, type Script } from "./script.ts";

export const CONTROL_PREFIX = "/__mock/";

export interface ControlReply { status: number; body?: unknown; allow?: string }

const ROUTES: Record<string, string[]> = { requests: ["GET", "DELETE"], script: ["GET", "POST", "DELETE"] };

/** The answer to a control request (the body already read, for POST). */
export function control(pathname: string, method: string, body: Buffer | undefined, journal: Journal, script: Script): ControlReply {
  const name = pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "");
  const methods = ROUTES[name];
  if (!methods) return { status: 404, body: `No mock endpoint ${pathname}; there are ${Object.keys(ROUTES).map((r) => CONTROL_PREFIX + r).join(", ")}.` };
  if (!methods.includes(method)) return { status: 405, body: `${pathname} takes ${methods.join(", ")}.`, allow: methods.join(", ") };
  if (name === "requests") {
    if (method === "DELETE") return journal.clear(), { status: 204 };
    return { status: 200, body: journal.list() };
  }
  if (method === "GET") return { status: 200, body: script.list() };
  if (method === "DELETE") return script.clear(), { status: 204 };
  let answers: unknown;
  try {
    answers = JSON.parse(body?.toString("utf8") ?? "");
  } catch (error) {
    return { status: 400, body: `The script is not JSON: ${(error as Error).message}` };
  }
  try {
    return { status: 200, body: { queued: script.add(answers), waiting: script.list().length } };
  } catch (error) {
    if (error instanceof ScriptError) return { status: 400, body: `The script was not queued: ${error.message}` };
    throw error;
  }
}
