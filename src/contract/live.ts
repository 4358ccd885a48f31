// Runs the fixed suite against a provider through the typed client, capturing every raw exchange with an
// injected fetch (the client places auth per provider and turns failures into typed errors, which would hide
// what must be validated), then checks each exchange and optionally records it.
import { createGeminiClient, GeminiApiError } from "../index.ts";
import { exchangeCassette, type Exchange } from "./exchange.ts";
import { type CheckRow, checkResponse, type Payload } from "./conformance.ts";
import type { ProviderContext } from "./context.ts";
import type { DriftFinding } from "./drift.ts";
import { LeakError, writeCassette } from "./recorder.ts";
import { BAD_KEY, imageParts, SCENARIOS, served } from "./suite.ts";

export interface LiveOptions {
  apiKey: string;
  baseUrl?: string;
  model?: string;
  imageModel?: string;
  /** directory to record cassettes into (redacted), or undefined */
  recordDir?: string;
  timeoutMs?: number;
  /** names of checks not to run (reported as skipped) */
  skip?: string[];
}

/** All the bytes of a body as text; if the transfer breaks off, what arrived and why it stopped. */
async function drain(body: ReadableStream<Uint8Array> | null): Promise<{ text: string; interrupted?: string }> {
  if (!body) return { text: "" };
  const decoder = new TextDecoder();
  let text = "";
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    return { text: text + decoder.decode() };
  } catch (error) {
    return { text, interrupted: (error as Error).message ?? String(error) };
  }
}

/** A fetch that passes everything through and keeps a copy of each request and of each response's bytes. */
function capturingFetch(log: Array<Promise<Exchange>>): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const requestBody = await request.clone().text();
    const response = await fetch(request);
    const [forClient, forLog] = response.body ? response.body.tee() : [null, null];
    log.push(drain(forLog).then(({ text, interrupted }) => ({
      url: new URL(request.url),
      method: request.method,
      requestHeaders: Object.fromEntries(request.headers),
      requestBody,
      status: response.status,
      responseHeaders: Object.fromEntries(response.headers),
      text,
      interrupted,
    })));
    return new Response(forClient, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

export async function runLiveSuite(ctx: ProviderContext, options: LiveOptions):
  Promise<{ rows: CheckRow[]; payloads: number; drift: DriftFinding[]; recorded: string[] }> {
  const rows: CheckRow[] = [];
  const drift: DriftFinding[] = [];
  const recorded: string[] = [];
  let payloads = 0;
  const models = { text: options.model ?? ctx.models.text, image: options.imageModel ?? ctx.models.image, embedding: ctx.models.embedding };
  const origin = `live ${new Date().toISOString()} ${options.baseUrl ? "custom base URL" : "the provider's server"}`;

  for (const scenario of SCENARIOS) {
    const model = scenario.model && models[scenario.model];
    const operation = served(ctx, scenario.operation);
    if (options.skip?.includes(scenario.name)) {
      rows.push({ check: scenario.name, verdict: "skip", detail: "skipped with --skip" });
      continue;
    }
    if (!operation) {
      rows.push({ check: scenario.name, verdict: "skip", detail: `${ctx.id} does not serve ${scenario.operation} (its spec does not list it)` });
      continue;
    }
    if (scenario.model && !model) {
      rows.push({ check: `${scenario.name}`, verdict: "skip", detail: `${ctx.id} lists no ${scenario.model} model${scenario.model === "image" ? " (pass --image-model to test one)" : ""}` });
      continue;
    }
    const log: Array<Promise<Exchange>> = [];
    const client = createGeminiClient({
      provider: ctx.id as any, apiKey: scenario.badKey ? BAD_KEY : options.apiKey, baseUrl: options.baseUrl, fetch: capturingFetch(log),
    } as any);
    const signal = AbortSignal.timeout(options.timeoutMs ?? 120_000);
    let failure: unknown;
    try {
      if (scenario.operation === "streamGenerateContent") {
        for await (const _chunk of client.streamGenerateContent(model!, scenario.body as any, { signal })) { /* drained */ }
      } else if (scenario.operation === "generateContent") {
        await client.generateContent(model!, scenario.body as any, { signal });
      } else {
        // The other operations through the client's typed requests, by the path the provider's spec gives.
        const params = { path: model ? { model } : {}, query: scenario.query ?? {} };
        const init: any = { params, signal, ...(scenario.body ? { body: scenario.body } : {}) };
        await (client as any)[operation.method](operation.template, init);
      }
    } catch (error) {
      failure = error;
    }
    const exchange = await log[0];
    if (!exchange) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      rows.push({ check: `${scenario.name} · request`, verdict: "fail", detail: `no answer: ${reason}` });
      continue;
    }
    const observed = { status: exchange.status, contentType: exchange.responseHeaders["content-type"] ?? null, text: exchange.text };
    const result = checkResponse(ctx.validators, scenario.operation, scenario.name, observed, scenario.expect(ctx));
    rows.push(...result.rows);
    if (exchange.interrupted) rows.push({ check: `${scenario.name} · complete`, verdict: "fail", detail: `the body broke off: ${exchange.interrupted}` });
    if (scenario.name === "image" && exchange.status === 200) rows.push(imagePartRow(result.payloads));
    if (failure && !(failure instanceof GeminiApiError) && (failure as Error)?.name !== "TimeoutError") {
      rows.push({ check: `${scenario.name} · client`, verdict: "warn", detail: `the client failed unexpectedly: ${(failure as Error).message}` });
    }
    payloads += result.payloads.length;
    drift.push(...result.payloads.flatMap((p) => ctx.drift(scenario.operation, p, `live ${scenario.name}`)));
    if (options.recordDir) {
      try {
        recorded.push(writeCassette(options.recordDir, `live-${scenario.name}`, exchangeCassette(ctx.id, scenario.operation, exchange, origin, scenario.name), [options.apiKey, BAD_KEY]));
      } catch (error) {
        if (!(error instanceof LeakError)) throw error;
        rows.push({ check: `${scenario.name} · record`, verdict: "fail", detail: error.message });
      }
    }
  }
  return { rows, payloads, drift, recorded };
}

/** An image request can legitimately come back without an image (the model declined): a warning, not a failure. */
function imagePartRow(payloads: Payload[]): CheckRow {
  const images = payloads.flatMap((p) => imageParts(p.value));
  return images.length
    ? { check: "image · image part", verdict: "pass", detail: `${images.length} image part(s): ${images.map((i) => i.mimeType).join(", ")}` }
    : { check: "image · image part", verdict: "warn", detail: "the answer holds no image part" };
}
