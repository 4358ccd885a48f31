// Checks one HTTP response against a provider's bundle: its status, its content type, and its body — the JSON
// document, or every server-sent event's `data:` payload — each against the schema the spec gives for that
// operation, status and media type.
import type { ErrorObject } from "ajv/dist/2020.js";
import { type BundleValidators, sseFrames } from "../validate.ts";
import { mediaTypeOf, type Operation } from "./cassette.ts";

export type Verdict = "pass" | "fail" | "warn" | "skip";
export interface CheckRow { check: string; verdict: Verdict; detail: string }

/** A response as it came off the wire. */
export interface Observed { status: number; contentType: string | null; text: string }

export interface Expectation {
  /** statuses this exchange may answer with */
  statuses: number[];
  /** a media type this exchange must use (e.g. `text/event-stream` for `alt=sse`) */
  mediaType?: string;
}

/** A parsed payload of a response and how to address its schema, for the drift pass. */
export interface Payload { at: string; value: unknown; status: number; media: "json" | "sse"; valid: boolean }

export interface CheckOptions {
  /** accept schema errors this predicate excuses (fixtures whose authors edited payloads), as a warning */
  tolerate?: (errors: ErrorObject[]) => boolean;
}

export function describeErrors(errors: ErrorObject[] | null | undefined, max = 3): string {
  const list = errors ?? [];
  const shown = list.slice(0, max).map((e) => {
    const extra = e.keyword === "enum" ? ` ${JSON.stringify((e.params as any).allowedValues).slice(0, 60)}`
      : e.keyword === "required" ? ` (${(e.params as any).missingProperty})`
        : e.keyword === "format" ? ` (${(e.params as any).format})` : "";
    return `${e.instancePath || "/"} ${e.message}${extra}`;
  });
  return shown.join("; ") + (list.length > max ? `; … ${list.length - max} more` : "");
}

const excerpt = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

export function checkResponse(
  validators: BundleValidators, operation: Operation, name: string, observed: Observed, expect: Expectation,
  options: CheckOptions = {},
): { rows: CheckRow[]; payloads: Payload[]; problems: string[] } {
  const rows: CheckRow[] = [];
  /** every failure found, one per frame where a stream has several (rows summarise them) */
  const problems: string[] = [];
  const payloads: Payload[] = [];
  const row = (aspect: string, verdict: Verdict, detail: string) => {
    rows.push({ check: `${name} · ${aspect}`, verdict, detail });
    if (verdict === "fail" && aspect !== "frames") problems.push(`${aspect}: ${detail}`);
  };
  const { status } = observed;

  row("status", expect.statuses.includes(status) ? "pass" : "fail",
    expect.statuses.includes(status) ? String(status) : `got ${status}, expected ${expect.statuses.join(" or ")}`);

  const media = mediaTypeOf(observed.contentType);
  const documented = validators.mediaTypes(operation, status);
  const mediaOk = documented.includes(media) && (!expect.mediaType || media === expect.mediaType);
  row("content type", mediaOk ? "pass" : "fail", mediaOk ? media
    : `got ${media || "none"}, the spec documents ${documented.join(", ") || "nothing"} for ${status}`
      + (expect.mediaType && documented.includes(media) ? ` and this request needs ${expect.mediaType}` : ""));

  const judge = (validate: ReturnType<BundleValidators["response"]>, value: unknown, where: string): [Verdict, string] | undefined => {
    if (validate(value)) return undefined;
    const errors = validate.errors ?? [];
    const text = `${where}${describeErrors(errors)}`;
    return options.tolerate?.(errors) ? ["warn", `tolerated (payload edited by fixture authors): ${text}`] : ["fail", text];
  };

  if (media === "text/event-stream" && documented.includes(media)) {
    const frames = sseFrames(observed.text);
    if (!frames.length) return row("frames", "fail", "no `data:` frame in the stream"), problems.push("no `data:` frame in the stream"), { rows, payloads, problems };
    const validate = validators.sseData(operation, status);
    const frameProblems: Array<[Verdict, string]> = [];
    frames.forEach((data, i) => {
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch {
        frameProblems.push(["fail", `frame ${i + 1} is not JSON: ${excerpt(data)}`]);
        return;
      }
      const problem = judge(validate, value, `frame ${i + 1}: `);
      payloads.push({ at: `frame ${i + 1}`, value, status, media: "sse", valid: !problem });
      if (problem) frameProblems.push(problem);
    });
    for (const [verdict, detail] of frameProblems) if (verdict === "fail") problems.push(detail);
    const worst = frameProblems.find(([v]) => v === "fail") ?? frameProblems[0];
    row("frames", worst ? worst[0] : "pass", worst
      ? `${frameProblems.length} of ${frames.length} frames: ${worst[1]}`
      : `${frames.length} frame${frames.length === 1 ? "" : "s"}, each valid`);
  } else if (media === "application/json" && documented.includes(media)) {
    let value: unknown;
    try {
      value = JSON.parse(observed.text);
    } catch {
      return row("body", "fail", `not JSON: ${excerpt(observed.text)}`), { rows, payloads, problems };
    }
    const problem = judge(validators.response(operation, status, media), value, "");
    payloads.push({ at: "body", value, status, media: "json", valid: !problem });
    row("body", problem ? problem[0] : "pass", problem ? problem[1] : `valid for ${operation} ${status}`);
  } else {
    row("body", "skip", `no schema for ${media || "a body without content type"}`);
  }
  return { rows, payloads, problems };
}
