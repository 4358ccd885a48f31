// Vitest global set-up: one mock per provider on a free port, for the whole run, closed at the end.
// They load lazily (on their first request), so runs that never call them pay almost nothing.
import type { TestProject } from "vitest/node";
import { providerIds } from "../../scripts/lib/providers.ts";
import { serveLazyMock } from "../../src/mock/server.ts";

export interface MockAddress {
  /** origin the mock listens on */
  url: string;
  /** origin plus the provider's path prefix: what a client takes as its base URL */
  baseUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    mocks: Record<string, MockAddress>;
  }
}

export default async function setup(project: TestProject) {
  const running = await Promise.all(providerIds().map((id) => serveLazyMock(id)));
  project.provide("mocks", Object.fromEntries(running.map((m) => [m.provider, { url: m.url, baseUrl: m.baseUrl }])));
  return async () => {
    await Promise.all(running.map((m) => m.close()));
  };
}
