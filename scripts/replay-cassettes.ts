// Serves recorded cassettes as a provider would, on 127.0.0.1, so that `npm run contract -- --base-url …`
// can run the live suite against recorded traffic: no key, no network. Ctrl-C stops it.
// Usage: tsx scripts/replay-cassettes.ts --provider <id> [--dir DIR] [--port N] [--key K]
import path from "node:path";
import { parseArgs } from "node:util";
import { recordedDir } from "./lib/contract/cassette.ts";
import { providerContext } from "./lib/contract/context.ts";
import { loadCassettes } from "./lib/contract/load.ts";
import { createReplayServer, listen } from "./lib/contract/replay.ts";

const { values } = parseArgs({ options: { provider: { type: "string" }, dir: { type: "string" }, port: { type: "string" }, key: { type: "string" } } });
if (!values.provider) {
  console.error("usage: npm run contract:replay -- --provider <id> [--dir DIR] [--port N] [--key K]");
  process.exit(2);
}
const ctx = providerContext(values.provider);
const dir = path.resolve(values.dir ?? path.join(recordedDir, ctx.id));
const { cassettes, refused } = loadCassettes(dir, ctx.id);
if (refused.length || !cassettes.length) {
  console.error(refused.length ? `cannot replay ${dir}:\n  ${refused.join("\n  ")}` : `no cassettes (*.json) in ${dir}`);
  process.exit(2);
}
const server = createReplayServer(ctx, cassettes, { key: values.key, log: (line) => console.log(line) });
const url = await listen(server, Number(values.port ?? 0));
console.log(`replaying ${cassettes.length} ${ctx.id} cassettes from ${path.relative(process.cwd(), dir) || dir} on ${url}`);
console.log(`try: ${ctx.id.toUpperCase()}_API_KEY=test-key npm run contract -- --provider ${ctx.id} --base-url ${url}`);
const stop = () => server.close(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
