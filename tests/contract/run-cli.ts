// Runs the real `check` command in a child process, as a user would, and collects what it printed.
import { execFile } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../../scripts/lib/providers.ts";

export interface CliRun { code: number; stdout: string; stderr: string }

export function runContract(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", path.join(repoRoot, "src", "cli.ts"), "check", ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as any).code ?? 1) : 0, stdout, stderr }));
  });
}

/** The status the CLI's table gives a check (`PASS`, `FAIL`, …), or undefined when the check is absent. */
export function verdictOf(stdout: string, check: string): string | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(`${check} `));
  return line?.slice(check.length).trim().split(/\s+/)[0];
}

export const keyVariable = (provider: string) => `${provider.toUpperCase()}_API_KEY`;
