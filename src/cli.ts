#!/usr/bin/env node
// The command-line tool: `gemini-native-openapi <command> [options]`. Each command lives in src/cli/; this only
// dispatches, prints help, and turns errors into one line and an exit status (2 for a usage mistake).
import path from "node:path";
import { packageRoot, readJson } from "./bundles.ts";
import { type Command, TOOL, UsageError } from "./cli/args.ts";
import { check } from "./cli/check.ts";
import { mock } from "./cli/mock.ts";
import { replay } from "./cli/replay.ts";

const commands: Command[] = [mock, check, replay];
const { version } = readJson<{ version: string }>(path.join(packageRoot, "package.json"));

const help = `${TOOL} ${version}: mock servers, contract checks and replays for Gemini's native generateContent
API, as Google serves it and as the gateways that copy it do (OpenAPI descriptions included in the package).

Usage: ${TOOL} <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join("\n")}

Options:
  -h, --help     this text; \`${TOOL} <command> --help\` describes a command
  -v, --version  the package version`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return console.error(help), 2;
  if (name === "-h" || name === "--help" || name === "help") return console.log(help), 0;
  if (name === "-v" || name === "--version") return console.log(version), 0;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`${TOOL}: unknown command "${name}"; commands: ${commands.map((c) => c.name).join(", ")} (see ${TOOL} --help)`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${TOOL} ${command.name}: ${error.message} (see ${TOOL} ${command.name} --help)`);
      return 2;
    }
    // A failure of the run itself (a port in use, an unreadable file): say what, without a stack trace.
    console.error(`${TOOL} ${command.name}: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  }
}

const status = await main(process.argv.slice(2));
// A command that started servers resolves with 0 and keeps running; anything else ends here.
if (status !== 0) process.exit(status);
