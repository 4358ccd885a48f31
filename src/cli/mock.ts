// `gemini-native-openapi mock`: serves mock providers; prints a provider → base URL table once every mock
// answers; Ctrl-C stops them.
import { parseArgs } from "node:util";
import { bundledProviders } from "../bundles.ts";
import { clustered } from "../mock/cluster.ts";
import { DEFAULT_PORTS, inPortOrder, portsFor } from "../mock/ports.ts";
import { MAX_CHUNK_DELAY_MS, MAX_DELAY_MS } from "../mock/prefer.ts";
import { startMocks, stopOnSignal, table } from "../mock/run.ts";
import { type Command, HELP, oneOf, parse, port, positiveInteger, TOOL, UsageError, wholeNumber } from "./args.ts";

const help = `Usage: ${TOOL} mock [--provider ID] [--port N] [--host H] [--key K] [--workers N] [--strict]
                            [--delay MS] [--chunk-delay MS] [--drop-after N]
                            [--fail-rate R] [--fail-status S,S] [--seed N] [--retry-after SECONDS]
       ${TOOL} mock --provider ID --proxy URL [--record DIR] [--port N] [--host H]

Serves a mock of each provider: requests are checked as the provider checks them (route, credentials, the
body against the spec's wire bundle) and answered from the spec's examples. Per request, the Prefer header
picks the answer and its pacing: "Prefer: example=function-calling", "Prefer: code=429",
"Prefer: delay=500, chunk-delay=100, drop-after=2", "Prefer: strict". GET /__mock/requests lists what the
mock received (credentials redacted); POST /__mock/script queues answers for the next calls.

Options:
  --provider ID       serve only this provider (${bundledProviders().join(", ")}); default: all of them
  --port N            the provider's port; without --provider, the first of a block (google on N, tikhub on N+1, …).
                      0 picks free ports. Default: ${Object.entries(DEFAULT_PORTS).map(([id, p]) => `${id} ${p}`).join(", ")}
  --host H            address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --key K             accept only this key; any other gets the provider's invalid-key answer (default: any key)
  --workers N         N processes share the ports, for throughput (default 1; the journal and script are per process)
  --strict            answer unknown fields, unknown enum names and an empty contents with Google's 400
                      (default: take them, and name them in the x-gemini-mock-drift header and on stderr)
  --delay MS          wait before the first byte of every answer (at most ${MAX_DELAY_MS})
  --chunk-delay MS    wait between the frames of every stream (at most ${MAX_CHUNK_DELAY_MS})
  --drop-after N      cut the connection after N frames of every answer
  --fail-rate R       answer this share (0 to 1) of valid requests with a failure instead
  --fail-status S,S   the failures' statuses (default 429,503; a 429 carries Retry-After and Google's RetryInfo)
  --seed N            seed of the failures: the same seed fails the same requests (default: the clock)
  --retry-after S     seconds a 429 or 503 tells clients to wait (default 1)
  --proxy URL         forward every request, with its own credentials, to the real provider at URL; check the
                      request and every answer (each event of a stream) against the spec and report what does
                      not conform on stderr and in the journal; answers pass through unchanged and unbuffered
  --record DIR        with --proxy: write each exchange to DIR as a cassette, credentials redacted
                      (serve them again with ${TOOL} replay --dir DIR)
  -h, --help          this text

Example:
  ${TOOL} mock --provider google --port 4010 &
  curl -s http://127.0.0.1:4010/v1beta/models/gemini-2.5-flash:generateContent \\
    -H 'x-goog-api-key: test-key' -d '{"contents":[{"parts":[{"text":"Hi"}]}]}'`;

const rate = (text: string | undefined) => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^(0|1|0?\.\d+|1\.0*)$/.test(text)) throw new UsageError(`--fail-rate must be a number from 0 to 1, not "${text}"`);
  return value;
};
const statuses = (text: string | undefined) => {
  if (text === undefined) return undefined;
  const list = text.split(",").map((s) => s.trim());
  if (!list.length || list.some((s) => !/^[45]\d\d$/.test(s))) throw new UsageError(`--fail-status must list HTTP error statuses (400–599), not "${text}"`);
  return list.map(Number);
};
export const mock: Command = {
  name: "mock",
  summary: "serve mock providers that validate requests and answer from the spec's examples (or proxy a real one)",
  help,
  async run(argv) {
    const { values } = parse(() => parseArgs({ args: argv, strict: true, options: {
      provider: { type: "string" }, port: { type: "string" }, host: { type: "string" }, key: { type: "string" }, workers: { type: "string" },
      strict: { type: "boolean" }, delay: { type: "string" }, "chunk-delay": { type: "string" }, "drop-after": { type: "string" },
      "fail-rate": { type: "string" }, "fail-status": { type: "string" }, seed: { type: "string" }, "retry-after": { type: "string" },
      proxy: { type: "string" }, record: { type: "string" }, help: HELP,
    } }));
    if (values.help) return console.log(help), 0;
    const known = bundledProviders();
    const provider = oneOf("provider", values.provider, known);
    const base = port("port", values.port);
    const workers = positiveInteger("workers", values.workers) ?? 1;
    if (values.record && !values.proxy) throw new UsageError("--record needs --proxy: it records what the real provider answers");
    if (values.proxy && !provider) throw new UsageError("--proxy needs --provider: it forwards to one provider");
    if (values.proxy && !/^https?:\/\//.test(values.proxy)) throw new UsageError(`--proxy needs an http(s) URL, not "${values.proxy}"`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, not "${values.seed}"`);
    const options = {
      host: values.host ?? "127.0.0.1",
      key: values.key,
      strict: values.strict,
      pacing: { delayMs: wholeNumber("delay", values.delay, MAX_DELAY_MS), chunkDelayMs: wholeNumber("chunk-delay", values["chunk-delay"], MAX_CHUNK_DELAY_MS), dropAfter: wholeNumber("drop-after", values["drop-after"], Number.MAX_SAFE_INTEGER) },
      faults: { failRate: rate(values["fail-rate"]), failStatuses: statuses(values["fail-status"]), seed, retryAfterSeconds: wholeNumber("retry-after", values["retry-after"], 86_400) },
      proxy: values.proxy ? { upstream: values.proxy, record: values.record } : undefined,
      log: (id: string, line: string) => console.warn(`${id}: ${line}`),
    };
    // Listed in port order, as the README shows them.
    const ids = provider ? [provider] : inPortOrder(known);
    const start = () => startMocks(ids, { ...options, ports: portsFor(ids, base) });
    if (workers === 1) {
      const mocks = await start();
      stopOnSignal(() => Promise.all(mocks.map((m) => m.close())).then(() => undefined));
      announce(mocks, values.proxy ? ` (forwarding to ${values.proxy})` : "");
    } else {
      // Each worker runs this same command line again (node:cluster) and takes the worker branch.
      const { primary, started, stop } = await clustered(workers, start);
      stopOnSignal(stop);
      if (primary) announce(started, ` (${workers} processes each)`);
    }
    return 0;
  },
};

function announce(mocks: Array<{ provider: string; baseUrl: string }>, note = "") {
  console.log(table(mocks.map((m) => ({ name: m.provider, url: m.baseUrl }))));
  console.log(`Ctrl-C stops the mocks${note}.`);
}
