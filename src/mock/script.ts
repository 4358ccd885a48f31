// Scripted answers: a queue of answers the next calls get, in order, so a test can script a conversation — the
// first call answers a function call, the second a text that uses its result. Each answer is checked when it is
// queued (an example that exists, a status, or a literal body that validates), so a wrong script fails at once
// and not in the middle of the test. A call takes the first answer queued for its operation; invalid calls take
// none. Bounded: MAX_QUEUED answers at most.

import { MAX_CHUNK_DELAY_MS, MAX_DELAY_MS } from "./prefer.ts";

export const MAX_QUEUED = 1000;

export interface ScriptedAnswer {
  /** the operation it answers (default: generateContent or streamGenerateContent, whichever is called) */
  operation?: string;
  /** a named example of the operation (of `status`, 200 by default); on a stream a generateContent 200 example too */
  example?: string;
  /** the status to answer with (default 200, or the example's) */
  status?: number;
  /** a literal body, valid for the operation and status; on a stream, one response told as chunks, or the chunks */
  body?: unknown;
  /** milliseconds before the first byte */
  delay?: number;
  /** milliseconds between the frames of a stream */
  chunkDelay?: number;
  /** frames sent before the connection is cut */
  dropAfter?: number;
}

/** A script that cannot be queued, and why. */
export class ScriptError extends Error {}

const KEYS = new Set(["operation", "example", "status", "body", "delay", "chunkDelay", "dropAfter"]);
const GENERATE = new Set(["generateContent", "streamGenerateContent"]);

/** Checks one answer against the spec: returns why it cannot be served, or undefined. */
export type AnswerCheck = (answer: ScriptedAnswer) => string | undefined;

export class Script {
  private queue: ScriptedAnswer[] = [];

  constructor(private readonly check: AnswerCheck) {}

  /** Queues the answers (one, or a list), all or none: the first one that cannot be served is a ScriptError. */
  add(input: unknown): number {
    const answers = Array.isArray(input) ? input : [input];
    if (this.queue.length + answers.length > MAX_QUEUED) throw new ScriptError(`at most ${MAX_QUEUED} answers can wait in the script`);
    answers.forEach((answer, i) => {
      const problem = shape(answer) ?? this.check(answer as ScriptedAnswer);
      if (problem) throw new ScriptError(`answer ${i}: ${problem}`);
    });
    this.queue.push(...(answers as ScriptedAnswer[]).map((a) => structuredClone(a)));
    return answers.length;
  }

  /** The next answer for a call of this operation, taken off the queue. */
  take(operationId: string): ScriptedAnswer | undefined {
    const at = this.queue.findIndex((a) => (a.operation ? a.operation === operationId : GENERATE.has(operationId)));
    return at < 0 ? undefined : this.queue.splice(at, 1)[0];
  }

  list(): ScriptedAnswer[] {
    return structuredClone(this.queue);
  }

  clear() {
    this.queue = [];
  }
}

function shape(answer: unknown): string | undefined {
  if (!answer || typeof answer !== "object" || Array.isArray(answer)) return "must be an object";
  const a = answer as Record<string, unknown>;
  const unknown = Object.keys(a).filter((k) => !KEYS.has(k));
  if (unknown.length) return `unknown field ${unknown.join(", ")} (fields: ${[...KEYS].join(", ")})`;
  if (a.example !== undefined && a.body !== undefined) return "give an example or a body, not both";
  if (a.example !== undefined && (typeof a.example !== "string" || !a.example)) return "example must be an example's name";
  if (a.operation !== undefined && typeof a.operation !== "string") return "operation must be an operationId";
  if (a.status !== undefined && !(Number.isInteger(a.status) && (a.status as number) >= 200 && (a.status as number) <= 599)) return "status must be an HTTP status from 200 to 599";
  for (const [key, max] of [["delay", MAX_DELAY_MS], ["chunkDelay", MAX_CHUNK_DELAY_MS], ["dropAfter", Number.MAX_SAFE_INTEGER]] as const) {
    if (a[key] !== undefined && !(Number.isInteger(a[key]) && (a[key] as number) >= 0 && (a[key] as number) <= max)) return `${key} must be a whole number from 0 to ${max}`;
  }
  if (a.example === undefined && a.body === undefined && a.status === undefined) return "give an example, a body or a status";
  return undefined;
}
