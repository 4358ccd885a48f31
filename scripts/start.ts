// `npm start`: every provider's mock (the `mock` command's code) and the rendered docs, on the README's ports.
// The mocks are announced as soon as they answer; the docs follow, told where the mocks are so that each
// page can try its provider's mock. Ctrl-C stops everything.
import path from "node:path";
import { parseArgs } from "node:util";
import { HELP, parse, port, UsageError } from "../src/cli/args.ts";
import { inPortOrder, portsFor } from "../src/mock/ports.ts";
import { startMocks, stopOnSignal, table } from "../src/mock/run.ts";
import { buildDocs, defaultDocsDir } from "./lib/docs/build.ts";
import { serveDocs } from "./lib/docs/serve.ts";
import { providerIds } from "./lib/providers.ts";

const help = `Usage: npm start -- [--port N] [--docs-port N] [--docs-dir DIR] [--host H]

Serves a mock of every provider (google on 4010, tikhub 4011, kkiai 4012, serevixai 4013, selfhosted 4014) and
the rendered docs (http://127.0.0.1:4000/; each page's console sends requests to its provider's mock). No network
needed. Ctrl-C stops everything.

Options:
  --port N         first port of the mocks' block (0: free ports)
  --docs-port N    port of the docs (default 4000; 0: a free port)
  --docs-dir DIR   where the rendered docs are (default ${path.relative(process.cwd(), defaultDocsDir) || defaultDocsDir})
  --host H         address to listen on (default 127.0.0.1)
  -h, --help       this text`;

const options = () => parse(() => parseArgs({ strict: true, options: {
  port: { type: "string" }, "docs-port": { type: "string" }, "docs-dir": { type: "string" }, host: { type: "string" }, help: HELP,
} })).values;
let values: ReturnType<typeof options>;
try {
  values = options();
  if (values.help) {
    console.log(help);
    process.exit(0);
  }
  port("port", values.port);
  port("docs-port", values["docs-port"]);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`npm start: ${error.message} (see npm start -- --help)`);
  process.exit(2);
}
const host = values.host ?? "127.0.0.1";

const running: Array<{ close(): Promise<void> }> = [];
stopOnSignal(() => Promise.all(running.map((r) => r.close())).then(() => undefined));

// 1. The mocks.
const ids = inPortOrder(providerIds());
const mocks = await startMocks(ids, { ports: portsFor(ids, port("port", values.port)), host });
running.push(...mocks);
console.log(table(mocks.map((m) => ({ name: m.provider, url: m.baseUrl }))));

// 2. The docs: rendered afresh (a fraction of a second: the pages are templates around the bundles), then
// served as static files.
const docsDir = path.resolve(values["docs-dir"] ?? defaultDocsDir);
try {
  await buildDocs(docsDir);
  // Each page's console sends its test requests to the mock of its provider, wherever this run put it.
  const mockUrls = Object.fromEntries(mocks.map((m) => [m.provider, m.baseUrl]));
  const docs = await serveDocs({ port: port("docs-port", values["docs-port"] ?? "4000"), dir: docsDir, mocks: mockUrls, host });
  running.push(docs);
  console.log(`| docs | ${docs.url} |`);
} catch (error) {
  // The mocks are worth having without the docs.
  console.error(`The docs are not served: ${(error as Error).message}`);
}
console.log("Ctrl-C stops everything.");
