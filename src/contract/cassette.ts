// Cassettes: one recorded (or documented) HTTP exchange per JSON file, in one shape for every provider, so the
// same code validates them, replays them and writes them.
import fs from "node:fs";
import path from "node:path";
import { packageRoot } from "../bundles.ts";

/** The operations of Gemini's API this package describes (a provider serves some or all of them). */
export const OPERATIONS = ["generateContent", "streamGenerateContent", "countTokens", "embedContent", "batchEmbedContents", "listModels", "getModel"] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * Where an exchange comes from:
 * - `recorded`: real traffic captured from this provider (the corpus for google, `--record` for any);
 * - `upstream-recording`: real traffic captured from Google, the body a gateway relays unchanged;
 * - `documented-example`: copied from the provider's documentation, not observed.
 */
export type CassetteSource = "recorded" | "upstream-recording" | "documented-example";

export interface Cassette {
  provider: string;
  operation: Operation;
  source: CassetteSource;
  /** the file the exchange was taken from (corpus record, seed page, guide) or `live <date>` */
  origin: string;
  note?: string;
  /** the live-suite check that produced it, when it was recorded by `npm run contract -- --record` */
  check?: string;
  request: {
    method: string;
    /** path on the wire, from the origin (server prefix included); null where the source did not record it */
    path: string | null;
    query: Record<string, string>;
    headers: Record<string, string>;
    body: unknown;
  };
  response: {
    status: number;
    headers: Record<string, string>;
    /** parsed JSON, or (a string) the raw text when the body was not JSON */
    body?: unknown;
    /** the `data:` payload of each server-sent event: parsed JSON, or the raw string when it was not JSON */
    sseEvents?: unknown[];
  };
}

/** The repository's cassettes, one folder per provider (not part of the installed package). */
export const recordedDir = path.join(packageRoot, "tests", "fixtures", "recorded");

/** JSON Schema of a cassette file, checked for every committed cassette and every one the recorder writes. */
export const cassetteSchema = {
  type: "object",
  required: ["provider", "operation", "source", "origin", "request", "response"],
  additionalProperties: false,
  properties: {
    provider: { type: "string", pattern: "^[a-z0-9-]+$" },
    operation: { enum: OPERATIONS },
    source: { enum: ["recorded", "upstream-recording", "documented-example"] },
    origin: { type: "string", minLength: 1 },
    note: { type: "string" },
    check: { type: "string" },
    request: {
      type: "object",
      required: ["method", "path", "query", "headers", "body"],
      additionalProperties: false,
      properties: {
        method: { type: "string" },
        path: { type: ["string", "null"] },
        query: { type: "object", additionalProperties: { type: "string" } },
        headers: { type: "object", additionalProperties: { type: "string" } },
        body: {},
      },
    },
    response: {
      type: "object",
      required: ["status", "headers"],
      additionalProperties: false,
      properties: {
        status: { type: "integer", minimum: 100, maximum: 599 },
        headers: { type: "object", additionalProperties: { type: "string" } },
        body: {},
        sseEvents: { type: "array" },
      },
      oneOf: [{ required: ["body"] }, { required: ["sseEvents"] }],
    },
  },
} as const;

/** Every cassette file under `dir` (recursively), sorted by path, with its path relative to `dir`. */
export function readCassettes(dir: string): Array<{ file: string; cassette: Cassette }> {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      try {
        return { file, cassette: JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Cassette };
      } catch (error) {
        throw new Error(`${file} is not JSON: ${(error as Error).message}`);
      }
    });
}

export const cassetteText = (cassette: Cassette) => JSON.stringify(cassette, null, 2) + "\n";

/** The header value of `name` (case-insensitive) in a header record. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** The media type of a Content-Type value, lower case, without parameters. */
export const mediaTypeOf = (contentType: string | undefined | null) =>
  contentType ? contentType.split(";")[0].trim().toLowerCase() : "";

/** The bytes a server sends for a cassette's response: JSON text, SSE frames, or the raw text kept in it. */
export function responseText(response: Cassette["response"]): string {
  if (response.sseEvents) {
    return response.sseEvents.map((e) => `data: ${typeof e === "string" ? e : JSON.stringify(e)}\n\n`).join("");
  }
  // A string body is the raw text of a response that was not JSON (Gemini never answers a bare JSON string).
  if (typeof response.body === "string") return response.body;
  return response.body === undefined ? "" : JSON.stringify(response.body);
}

/**
 * The model and operation a Gemini path names, whatever the prefix: `…/models/<model>:<method>` (POST),
 * `…/models/<model>` (GET: getModel) and `…/models` (GET: listModels).
 */
export function parseGeminiPath(pathname: string, method = "POST"): { model?: string; operation: Operation } | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const custom = /\/models\/([^/:]+):(\w+)$/.exec(path);
  if (custom) {
    const known = (OPERATIONS as readonly string[]).includes(custom[2]) && method.toUpperCase() === "POST";
    return known ? { model: custom[1], operation: custom[2] as Operation } : undefined;
  }
  if (method.toUpperCase() !== "GET") return undefined;
  const one = /\/models\/([^/:]+)$/.exec(path);
  if (one) return { model: one[1], operation: "getModel" };
  return /\/models$/.test(path) ? { operation: "listModels" } : undefined;
}
