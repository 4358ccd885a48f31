// `npm start`: every provider's mock (see scripts/mock.ts) and the rendered docs, on the README's ports.
// The mocks are announced as soon as they answer; the docs follow, told where the mocks are so that each
// page can try its provider's mock. Ctrl-C stops everything.
// Usage: tsx scripts/start.ts [--port N] [--docs-port N] [--docs-dir DIR] [--host H]
//   --port moves the block of mock ports (0: free ports); --docs-port 0 picks a free port for the docs.
import path from "node:path";
import { parseArgs } from "node:util";
import { buildDocs, defaultDocsDir } from "./lib/docs/build.ts";
import { serveDocs } from "./lib/docs/serve.ts";
import { DEFAULT_PORTS, portsFor } from "./lib/mock/ports.ts";
import { startMocks, stopOnSignal, table } from "./lib/mock/run.ts";
import { providerIds } from "./lib/providers.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "docs-port": { type: "string", default: "4000" },
    "docs-dir": { type: "string", default: defaultDocsDir },
    host: { type: "string", default: "127.0.0.1" },
  },
});
const portOption = (name: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!(Number.isInteger(port) && port >= 0 && port < 65536)) {
    console.error(`--${name} must be a port number, not "${text}"`);
    process.exit(2);
  }
  return port;
};

const running: Array<{ close(): Promise<void> }> = [];
stopOnSignal(() => Promise.all(running.map((r) => r.close())).then(() => undefined));

// 1. The mocks.
const ids = providerIds().sort((a, b) => (DEFAULT_PORTS[a] ?? 1e9) - (DEFAULT_PORTS[b] ?? 1e9));
const mocks = await startMocks(ids, { ports: portsFor(ids, portOption("port", values.port)), host: values.host });
running.push(...mocks);
console.log(table(mocks.map((m) => ({ name: m.provider, url: m.baseUrl }))));

// 2. The docs: rendered afresh (a fraction of a second: the pages are templates around the bundles), then
// served as static files.
const docsDir = path.resolve(values["docs-dir"]!);
try {
  await buildDocs(docsDir);
  // Each page's console sends its test requests to the mock of its provider, wherever this run put it.
  const mockUrls = Object.fromEntries(mocks.map((m) => [m.provider, m.baseUrl]));
  const docs = await serveDocs({ port: portOption("docs-port", values["docs-port"]), dir: docsDir, mocks: mockUrls });
  running.push(docs);
  console.log(`| docs | ${docs.url} |`);
} catch (error) {
  // The mocks are worth having without the docs.
  console.error(`The docs are not served: ${(error as Error).message}`);
}
console.log("Ctrl-C stops everything.");
