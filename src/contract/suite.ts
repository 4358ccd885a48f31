// The fixed live suite: the requests `npm run contract` sends, and what each answer must be.
import type { Operation } from "./cassette.ts";
import type { Expectation } from "./conformance.ts";
import type { ProviderContext } from "./context.ts";

/** The key the bad-key check sends: obviously fake, so that no provider can accept it. */
export const BAD_KEY = "contract-suite-invalid-key";

export interface Scenario {
  /** short name, also the `check` of a cassette it records and the suffix of its file name */
  name: string;
  operation: Operation;
  /** which of the provider's models the path names (none for the model list) */
  model?: "text" | "image" | "embedding";
  /** the JSON body (none for a GET) */
  body?: Record<string, unknown>;
  /** query parameters beyond the key */
  query?: Record<string, string>;
  badKey?: boolean;
  expect(ctx: ProviderContext): Expectation;
}

const user = (text: string) => ({ role: "user", parts: [{ text }] });
const ok: Scenario["expect"] = () => ({ statuses: [200] });

export const SCENARIOS: Scenario[] = [
  { name: "text", operation: "generateContent", model: "text", expect: ok,
    body: { contents: [user("Name the largest planet of the solar system in one word.")] } },
  { name: "system-instruction", operation: "generateContent", model: "text", expect: ok,
    body: { systemInstruction: { parts: [{ text: "You answer in French, in one short sentence." }] }, contents: [user("What colour is the sky?")] } },
  { name: "multi-turn", operation: "generateContent", model: "text", expect: ok,
    body: { contents: [user("My name is Ada."), { role: "model", parts: [{ text: "Nice to meet you, Ada." }] }, user("What is my name?")] } },
  // The client asks for `alt=sse`, so the answer must be server-sent events, whatever the provider's default.
  { name: "stream", operation: "streamGenerateContent", model: "text", expect: () => ({ statuses: [200], mediaType: "text/event-stream" }),
    body: { contents: [user("Count from one to five, in words.")] } },
  { name: "image", operation: "generateContent", model: "image", expect: ok,
    body: { contents: [user("A small red square on a white background.")], generationConfig: { responseModalities: ["TEXT", "IMAGE"] } } },
  // `text` must be a string: every provider's parser refuses a number there with a 400.
  { name: "bad-request", operation: "generateContent", model: "text", expect: () => ({ statuses: [400] }),
    body: { contents: [{ role: "user", parts: [{ text: 42 }] }] } },
  // Google answers an unknown key with 400 API_KEY_INVALID, gateways with 401 (or 403): whichever of those the
  // provider's spec documents.
  { name: "bad-key", operation: "generateContent", model: "text", badKey: true,
    expect: (ctx) => ({ statuses: [400, 401, 403].filter((s) => documents(ctx, "generateContent", s)) }),
    body: { contents: [user("This request carries a key that does not exist.")] } },
  // Beyond generation, where the provider serves it (the others are reported as skipped).
  { name: "count-tokens", operation: "countTokens", model: "text", expect: ok,
    body: { contents: [user("How many tokens are in this sentence?")] } },
  { name: "embed", operation: "embedContent", model: "embedding", expect: ok,
    body: { content: { parts: [{ text: "The quick brown fox jumps over the lazy dog." }] }, taskType: "RETRIEVAL_DOCUMENT", title: "Pangram" } },
  { name: "batch-embed", operation: "batchEmbedContents", model: "embedding", expect: ok,
    body: { requests: [{ content: { parts: [{ text: "first document" }] } }, { content: { parts: [{ text: "second document" }] } }] } },
  { name: "list-models", operation: "listModels", expect: ok, query: { pageSize: "5" } },
  { name: "get-model", operation: "getModel", model: "text", expect: ok },
];

/** The operation in the provider's bundle: its method, path template and responses, or undefined when not served. */
export function served(ctx: ProviderContext, operation: Operation): { method: string; template: string; responses: Record<string, unknown> } | undefined {
  for (const [template, item] of Object.entries<any>(ctx.doc.paths ?? {})) {
    for (const method of ["get", "post"]) {
      if (item[method]?.operationId === operation) return { method: method.toUpperCase(), template, responses: item[method].responses ?? {} };
    }
  }
  return undefined;
}

function documents(ctx: ProviderContext, operation: Operation, status: number): boolean {
  return String(status) in (served(ctx, operation)?.responses ?? {});
}

/** Which scenario a request is (for the replay server): the same tests the suite's requests were built to pass. */
export function scenarioOf(operation: Operation, body: any, keyIsBad: boolean, requestValid: boolean): string {
  if (keyIsBad) return "bad-key";
  if (!requestValid) return "bad-request";
  if (operation === "streamGenerateContent") return "stream";
  const other = SCENARIOS.find((s) => s.operation === operation && operation !== "generateContent");
  if (other) return other.name;
  const modalities: unknown[] = body?.generationConfig?.responseModalities ?? [];
  if (modalities.some((m) => String(m).toUpperCase() === "IMAGE")) return "image";
  if (body?.systemInstruction ?? body?.system_instruction) return "system-instruction";
  if (Array.isArray(body?.contents) && body.contents.length > 1) return "multi-turn";
  return "text";
}

/** The image parts (`inlineData` with an image/* type, in either spelling) of a response or stream chunk. */
export function imageParts(response: any): Array<{ mimeType: string }> {
  const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);
  return list(response?.candidates)
    .flatMap((c) => list(c?.content?.parts))
    .map((part) => part?.inlineData ?? part?.inline_data)
    .filter((blob) => String(blob?.mimeType ?? blob?.mime_type ?? "").startsWith("image/"))
    .map((blob) => ({ mimeType: String(blob.mimeType ?? blob.mime_type) }));
}
