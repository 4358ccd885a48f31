// `gemini-native-openapi mock`: serves mock providers; prints a provider → base URL table once every mock
// answers; Ctrl-C stops them.
import { bundledProviders } from "../bundles.ts";
import { clustered } from "../mock/cluster.ts";
import { DEFAULT_PORTS, portsFor } from "../mock/ports.ts";
import { startMocks, stopOnSignal, table } from "../mock/run.ts";
import { parseArgs } from "node:util";
import { type Command, HELP, oneOf, parse, port, positiveInteger, TOOL } from "./args.ts";

const help = `Usage: ${TOOL} mock [--provider ID] [--port N] [--host H] [--key K] [--workers N]

Serves a mock of each provider: requests are checked as the provider checks them (route, credentials, the
body against the spec's wire bundle) and answered from the spec's examples. Pick an answer per request with
the Prefer header: "Prefer: example=function-calling", "Prefer: code=429".

Options:
  --provider ID   serve only this provider (${bundledProviders().join(", ")}); default: all of them
  --port N        the provider's port; without --provider, the first of a block (google on N, tikhub on N+1, …).
                  0 picks free ports. Default: ${Object.entries(DEFAULT_PORTS).map(([id, p]) => `${id} ${p}`).join(", ")}
  --host H        address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --key K         accept only this key; any other gets the provider's invalid-key answer (default: any key)
  --workers N     N processes share the ports, for throughput (default 1)
  -h, --help      this text

Example:
  ${TOOL} mock --provider google --port 4010 &
  curl -s http://127.0.0.1:4010/v1beta/models/gemini-2.5-flash:generateContent \\
    -H 'x-goog-api-key: test-key' -d '{"contents":[{"parts":[{"text":"Hi"}]}]}'`;

export const mock: Command = {
  name: "mock",
  summary: "serve mock providers that validate requests and answer from the spec's examples",
  help,
  async run(argv) {
    const { values } = parse(() => parseArgs({ args: argv, strict: true, options: {
      provider: { type: "string" }, port: { type: "string" }, host: { type: "string" }, key: { type: "string" }, workers: { type: "string" }, help: HELP,
    } }));
    if (values.help) return console.log(help), 0;
    const known = bundledProviders();
    const provider = oneOf("provider", values.provider, known);
    const base = port("port", values.port);
    const workers = positiveInteger("workers", values.workers) ?? 1;
    // Listed in port order, as the README shows them.
    const ids = provider ? [provider] : [...known].sort((a, b) => (DEFAULT_PORTS[a] ?? 1e9) - (DEFAULT_PORTS[b] ?? 1e9));
    // Google would refuse what the spec does not describe; the mock takes it and says so.
    const onDrift = (id: string, line: string) => console.warn(`${id}: not in the spec: ${line}`);
    const start = () => startMocks(ids, { ports: portsFor(ids, base), host: values.host ?? "127.0.0.1", key: values.key, onDrift });
    if (workers === 1) {
      const mocks = await start();
      stopOnSignal(() => Promise.all(mocks.map((m) => m.close())).then(() => undefined));
      announce(mocks);
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
