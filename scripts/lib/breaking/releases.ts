// The released bundles kept under releases/<version>/<provider>/openapi.json (the breaking-change gate's
// baseline), and the semver rule that decides whether a version may break consumers.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../providers.ts";

export const releasesDir = path.join(repoRoot, "releases");

type Version = [number, number, number];

export function parseVersion(text: string): Version {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text);
  if (!m) throw new Error(`not a semver version: ${text}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/**
 * True when `next` may break consumers of `released`: its major is higher, or, below 1.0.0, its minor is
 * (npm's caret ranges treat 0.x minors as majors: `^0.1.0` never installs 0.2.0).
 */
export function isBreakingBump(released: string, next: string): boolean {
  const [a, b] = [parseVersion(released), parseVersion(next)];
  if (b[0] !== a[0]) return b[0] > a[0];
  return a[0] === 0 && b[1] > a[1];
}

/** Released versions, oldest first. */
export function releasedVersions(dir = releasesDir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((v) => /^\d+\.\d+\.\d+/.test(v) && fs.statSync(path.join(dir, v)).isDirectory()).sort(compareVersions);
}

export const releasedBundle = (version: string, provider: string, dir = releasesDir) =>
  path.join(dir, version, provider, "openapi.json");

export function releasedProviders(version: string, dir = releasesDir): string[] {
  return fs.readdirSync(path.join(dir, version)).filter((id) => fs.existsSync(releasedBundle(version, id, dir))).sort();
}
