// The live suite against the real providers. It needs a key per provider (and a base URL for selfhosted), so
// in an ordinary `npm test` each provider's run is skipped — reported as skipped, with the variable to set.
import { describe, expect, test } from "vitest";
import { providers } from "../helpers/bundles.ts";
import { keyVariable, runContract } from "./run-cli.ts";

describe.each(providers)("live contract suite against %s", (provider) => {
  const needed = [keyVariable(provider), ...(provider === "selfhosted" ? ["SELFHOSTED_BASE_URL"] : [])];
  const missing = needed.filter((name) => !process.env[name]);
  if (missing.length) console.log(`live contract suite for ${provider}: skipped, set ${missing.join(" and ")} to run it`);

  test.skipIf(missing.length > 0)(`conforms to the spec (needs ${needed.join(", ")})`, async () => {
    const run = await runContract(["--provider", provider]);
    console.log(run.stdout);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/checks: \d+ pass, 0 fail/);
    expect(run.code).toBe(0);
  });
});
