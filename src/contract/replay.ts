// A local HTTP server that answers Gemini requests with recorded cassettes, so the live suite can be run
// without a key or network. It works out which of the suite's checks a request is (bad key, invalid body,
// stream, image, text…) the way a provider would — from the key, the body and the path — and replays the
// cassette recorded for that check, or else one of the same kind.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { editedByAuthors } from "./corpus-record.ts";
import { type Cassette, header, type Operation, parseGeminiPath, responseText } from "./cassette.ts";
import type { ProviderContext } from "./context.ts";
import { BAD_KEY, imageParts, SCENARIOS, scenarioOf } from "./suite.ts";

export interface ReplayOptions {
  /** the only key accepted; by default any key but the suite's bad key is */
  key?: string;
  /** called once per request with a one-line description */
  log?: (line: string) => void;
}

type Kind = "text" | "image" | "stream" | "bad-request" | "bad-key" | "other" | Operation;

/** What kind of exchange a cassette holds, judged from its response alone. */
export function kindOf(cassette: Cassette): Kind {
  const { status, body, sseEvents } = cassette.response;
  const text = JSON.stringify(body ?? sseEvents ?? "");
  const images = [body, ...(sseEvents ?? [])].some((value) => imageParts(value).length > 0);
  if (status === 401 || status === 403 || (status === 400 && /API_KEY_INVALID|API key not valid/i.test(text))) return "bad-key";
  if (status === 400) return "bad-request";
  if (status !== 200) return "other";
  if (cassette.operation !== "generateContent" && cassette.operation !== "streamGenerateContent") return cassette.operation;
  if (sseEvents || cassette.operation === "streamGenerateContent") return "stream";
  return images ? "image" : "text";
}

const FALLBACK: Record<string, Kind[]> = {
  text: ["text"], "system-instruction": ["text"], "multi-turn": ["text"], image: ["image", "text"],
  stream: ["stream"], "bad-request": ["bad-request"], "bad-key": ["bad-key"],
  // The other operations: a cassette of that operation.
  ...Object.fromEntries(SCENARIOS.filter((s) => s.operation !== "generateContent" && s.operation !== "streamGenerateContent").map((s) => [s.name, [s.operation]])),
};

/** The cassette to answer a scenario with: one recorded for it, else an unedited one of a fitting kind. */
export function pickCassette(cassettes: Array<{ file: string; cassette: Cassette }>, scenario: string, sse: boolean) {
  const rank = ({ file, cassette }: { file: string; cassette: Cassette }) => {
    const kinds = FALLBACK[scenario] ?? [];
    const kind = kinds.indexOf(kindOf(cassette));
    if (cassette.check !== scenario && kind < 0) return undefined;
    const wantedShape = scenario !== "stream" || Boolean(cassette.response.sseEvents) === sse;
    // One recorded for another check fits worse than an unlabelled one; payloads edited by fixture authors
    // (placeholder base64) are not what a provider sends, so they come last.
    return [cassette.check === scenario ? 0 : cassette.check ? 2 : 1, editedByAuthors(cassette.note) ? 1 : 0, kind < 0 ? 0 : kind,
      wantedShape ? 0 : 1, file] as const;
  };
  return cassettes
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r)
    .sort((a, b) => {
      for (let i = 0; i < 5; i++) if (a.r![i] !== b.r![i]) return a.r![i] < b.r![i] ? -1 : 1;
      return 0;
    })[0]?.c;
}

/** The key a request presents, wherever the provider's clients put it. */
function presentedKey(req: http.IncomingMessage, url: URL): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
  return (req.headers["x-goog-api-key"] as string | undefined) ?? bearer ?? url.searchParams.get("key") ?? undefined;
}

function googleError(res: http.ServerResponse, code: number, status: string, message: string) {
  res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify({ error: { code, message, status } }));
}

export function createReplayServer(ctx: ProviderContext, cassettes: Array<{ file: string; cassette: Cassette }>, options: ReplayOptions = {}) {
  const sseAlways = Boolean(ctx.doc["x-gemini-provider"]?.sseWithoutAlt);
  const server = http.createServer((req, res) => {
    answer(req, res).catch((error) => {
      // A fault of the replay itself (never of the request): say so rather than leave the client hanging.
      options.log?.(`replay error: ${(error as Error).message}`);
      if (!res.headersSent) googleError(res, 500, "INTERNAL", `replay failed: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://replay.local");
    const target = parseGeminiPath(url.pathname, req.method);
    if (!target) return googleError(res, 404, "NOT_FOUND", `no Gemini operation at ${req.method} ${url.pathname}`);
    let body: unknown;
    let valid = req.method === "GET";
    if (!valid) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        valid = ctx.wire.requestBody(target.operation)(body);
      } catch {
        valid = false;
      }
    }
    const key = presentedKey(req, url);
    const badKey = !key || key === BAD_KEY || (options.key !== undefined && key !== options.key);
    const scenario = scenarioOf(target.operation, body, badKey, valid);
    const sse = url.searchParams.get("alt") === "sse" || sseAlways;
    const picked = pickCassette(cassettes, scenario, sse);
    if (!picked) {
      options.log?.(`${url.pathname} → ${scenario}: no cassette`);
      return googleError(res, 501, "UNIMPLEMENTED", `replay: no cassette fits the "${scenario}" check`);
    }
    const { response } = picked.cassette;
    options.log?.(`${url.pathname} → ${scenario}: ${picked.file} (${response.status})`);
    const contentType = header(response.headers, "content-type");
    res.writeHead(response.status, contentType ? { "content-type": contentType } : {});
    res.end(responseText(response));
  }
  return server;
}

/** Starts a replay server (127.0.0.1 and an ephemeral port unless told otherwise) and returns its base URL. */
export async function listen(server: http.Server, port = 0, host = "127.0.0.1"): Promise<string> {
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${(server.address() as AddressInfo).port}`;
}
