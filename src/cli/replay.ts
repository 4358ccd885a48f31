// `gemini-native-openapi replay`: serves recorded cassettes as the provider would, so `check --base-url` (or an
// app under test) can run against recorded traffic: no key, no network. Ctrl-C stops it.
import fs from "node:fs";
import path from "node:path";
import { bundledProviders } from "../bundles.ts";
import { recordedDir } from "../contract/cassette.ts";
import { providerContext } from "../contract/context.ts";
import { loadCassettes } from "../contract/load.ts";
import { createReplayServer, listen } from "../contract/replay.ts";
import { stopOnSignal } from "../mock/run.ts";
import { parseArgs } from "node:util";
import { type Command, HELP, oneOf, parse, port, TOOL, UsageError } from "./args.ts";

const help = `Usage: ${TOOL} replay --provider ID [--dir DIR] [--port N] [--host H] [--key K]

Serves a folder of cassettes (recorded exchanges, e.g. from \`${TOOL} check --record\`) the way the provider
would: a bad key gets a bad-key cassette, an invalid body a 400, a stream an SSE one, and so on, preferring
the cassette recorded for that kind of request. Prints its base URL; Ctrl-C stops it.

Options:
  --provider ID   ${bundledProviders().join(", ")} (required)
  --dir DIR       the cassettes (*.json, also in the corpus format)${fs.existsSync(recordedDir) ? " (default: this repository's recordings of the provider)" : " (required)"}
  --port N        port (default: a free one)
  --host H        address to listen on (default 127.0.0.1)
  --key K         accept only this key (default: any key but the check suite's deliberately bad one)
  -h, --help      this text

Example:
  ${TOOL} replay --provider google --dir ./cassettes/google --port 4020 &
  GOOGLE_API_KEY=test-key ${TOOL} check --provider google --base-url http://127.0.0.1:4020`;

export const replay: Command = {
  name: "replay",
  summary: "serve recorded cassettes as the provider would",
  help,
  async run(argv) {
    const { values } = parse(() => parseArgs({ args: argv, strict: true, options: {
      provider: { type: "string" }, dir: { type: "string" }, port: { type: "string" }, host: { type: "string" }, key: { type: "string" }, help: HELP,
    } }));
    if (values.help) return console.log(help), 0;
    const provider = oneOf("provider", values.provider, bundledProviders());
    if (!provider) throw new UsageError("--provider is required");
    if (!values.dir && !fs.existsSync(recordedDir)) throw new UsageError("--dir is required: name the folder of cassettes to replay");
    const ctx = providerContext(provider);
    const dir = path.resolve(values.dir ?? path.join(recordedDir, provider));
    const { cassettes, refused } = loadCassettes(dir, provider);
    if (refused.length) throw new UsageError(`cannot replay ${dir}:\n  ${refused.join("\n  ")}`);
    if (!cassettes.length) throw new UsageError(`no cassettes (*.json) in ${dir}`);
    const server = createReplayServer(ctx, cassettes, { key: values.key, log: (line) => console.log(line) });
    const url = await listen(server, port("port", values.port) ?? 0, values.host);
    console.log(`replaying ${cassettes.length} ${provider} cassettes from ${path.relative(process.cwd(), dir) || dir} on ${url}`);
    stopOnSignal(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return 0;
  },
};
