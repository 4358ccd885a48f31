// Serves mock providers: requests are checked as the provider checks them (auth, the body against the wire
// bundle) and answered with the documented examples, chosen by Prism's negotiator (`Prefer: example=…`,
// `Prefer: code=…`). Prints a provider → base URL table once every mock answers; Ctrl-C stops them.
// Usage: tsx scripts/mock.ts [--provider ID] [--port N] [--host H] [--workers N] [--key K]
//   no --provider: every provider, on the ports in lib/mock/ports.ts (or a block starting at --port)
//   --workers N: N processes share the ports (node:cluster), for throughput
//   --key K: accept only this key; any other gets the provider's invalid-key answer (default: any key)
import { parseArgs } from "node:util";
import { providerIds } from "./lib/providers.ts";
import { DEFAULT_PORTS, portsFor } from "./lib/mock/ports.ts";
import { clustered } from "./lib/mock/cluster.ts";
import { startMocks, stopOnSignal, table } from "./lib/mock/run.ts";

const { values } = parseArgs({
  options: {
    provider: { type: "string" },
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    workers: { type: "string", default: "1" },
    key: { type: "string" },
  },
});
// Read by lib/mock/auth.ts in this process and in cluster workers, which inherit the environment.
if (values.key) process.env.MOCK_API_KEY = values.key;
const known = providerIds();
if (values.provider && !known.includes(values.provider)) {
  console.error(`unknown provider "${values.provider}"; known: ${known.join(", ")}`);
  process.exit(2);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
  console.error(`--port must be a port number, not "${values.port}"`);
  process.exit(2);
}
// Listed in port order, as the README shows them.
const ids = values.provider ? [values.provider] : [...known].sort((a, b) => (DEFAULT_PORTS[a] ?? 1e9) - (DEFAULT_PORTS[b] ?? 1e9));
const workers = Number(values.workers);
if (!(Number.isInteger(workers) && workers >= 1)) {
  console.error(`--workers must be a whole number from 1, not "${values.workers}"`);
  process.exit(2);
}
const start = () => startMocks(ids, { ports: portsFor(ids, port), host: values.host });
if (workers === 1) {
  const mocks = await start();
  stopOnSignal(() => Promise.all(mocks.map((m) => m.close())).then(() => undefined));
  announce(mocks);
} else {
  const { primary, started, stop } = await clustered(workers, start);
  stopOnSignal(stop);
  if (primary) announce(started, ` (${workers} processes each)`);
}

function announce(mocks: Array<{ provider: string; baseUrl: string }>, note = "") {
  console.log(table(mocks.map((m) => ({ name: m.provider, url: m.baseUrl }))));
  console.log(`Ctrl-C stops the mocks${note}.`);
}
