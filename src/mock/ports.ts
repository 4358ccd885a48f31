// Which port each provider's mock listens on.

/** The documented ports (README); a provider added later takes the next port after the last of these. */
export const DEFAULT_PORTS: Record<string, number> = { google: 4010, tikhub: 4011, kkiai: 4012, serevixai: 4013, selfhosted: 4014 };
const FIRST = 4010;

/** The providers in the order of their ports (the README's order); providers added later come last. */
export const inPortOrder = (ids: string[]) => [...ids].sort((a, b) => (DEFAULT_PORTS[a] ?? 1e9) - (DEFAULT_PORTS[b] ?? 1e9));

/**
 * Ports for these providers. `base` moves the whole block (`--port 5000` without `--provider`: google 5000,
 * tikhub 5001, …) so that mocks never share a port; with a single provider `base` is its port; 0 asks the
 * system for free ports.
 */
export function portsFor(ids: string[], base?: number): Record<string, number> {
  const offsets: Record<string, number> = {};
  let next = Math.max(...Object.values(DEFAULT_PORTS)) - FIRST + 1;
  for (const id of ids) offsets[id] = id in DEFAULT_PORTS ? DEFAULT_PORTS[id] - FIRST : next++;
  const ports: Record<string, number> = {};
  for (const id of ids) {
    if (base === 0) ports[id] = 0;
    else if (base !== undefined && ids.length === 1) ports[id] = base;
    else ports[id] = (base ?? FIRST) + offsets[id];
  }
  return ports;
}
