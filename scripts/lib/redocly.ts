import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { repoRoot } from "./providers.ts";

const run = promisify(execFile);
const cli = path.join(repoRoot, "node_modules", "@redocly", "cli", "bin", "cli.js");

/** Runs the Redocly CLI from the repository root; rejects with its output when it exits non-zero. */
export async function redocly(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd: repoRoot,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stripBanner(stdout + stderr);
  } catch (error: any) {
    throw new Error(`redocly ${args.join(" ")} failed:\n${stripBanner(`${error.stdout ?? ""}${error.stderr ?? ""}`)}`);
  }
}

// Redocly prints a boxed Node 20 deprecation notice on every run; it says nothing about the spec.
function stripBanner(text: string): string {
  return text.split("\n").filter((line) => !/[║╔╚]/.test(line)).join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

/** Error and warning counts of a `redocly lint` run, read from its summary lines. */
export function lintCounts(output: string) {
  const errors = /(\d+) errors?/.exec(output)?.[1] ?? (/Validation failed/.test(output) ? "?" : "0");
  const warnings = /You have (\d+) warnings?/.exec(output)?.[1] ?? "0";
  return { errors, warnings, valid: /Woohoo/.test(output) };
}
