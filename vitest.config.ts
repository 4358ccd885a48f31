import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One mock server per provider on a free port, shared by the tests (inject("mocks")).
    globalSetup: ["tests/mock/global-setup.ts"],
    // Fails any test file that reads beside the repository: a clone has nothing there.
    setupFiles: ["tests/helpers/stay-inside.ts"],
  },
});
