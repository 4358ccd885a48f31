// Faults for a whole run (`mock --fail-rate 0.2 --fail-status 429,503 --seed 7`): a share of the valid requests
// is answered with one of the chosen statuses instead, drawn from a seeded generator, so a run can be repeated
// exactly. A 429 or 503 from the mock, injected or asked for, says when to come back: `Retry-After`, and in
// Google's envelope the `RetryInfo` detail.

export interface FaultOptions {
  /** share of valid requests answered with a failure, 0 to 1 (default 0) */
  failRate?: number;
  /** statuses to fail with, picked in turn at random (default 429 and 503) */
  failStatuses?: number[];
  /** seed of the generator; the same seed gives the same failures for the same sequence of requests */
  seed?: number;
  /** seconds a 429 or 503 tells the client to wait (default 1) */
  retryAfterSeconds?: number;
}

/** mulberry32: a small, fast, well-mixed 32-bit generator; enough to pick faults, not for anything secret. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Faults {
  /** the status to fail this request with, or undefined to answer it */
  draw(): number | undefined;
  retryAfterSeconds: number;
}

export function createFaults({ failRate = 0, failStatuses = [429, 503], seed = Date.now(), retryAfterSeconds = 1 }: FaultOptions = {}): Faults {
  if (!(failRate >= 0 && failRate <= 1)) throw new RangeError(`the fail rate must be from 0 to 1, not ${failRate}`);
  if (!failStatuses.length || failStatuses.some((s) => !(Number.isInteger(s) && s >= 400 && s <= 599))) {
    throw new RangeError(`fail statuses must be HTTP error statuses (400–599), not ${failStatuses.join(",")}`);
  }
  const random = generator(seed);
  return {
    retryAfterSeconds,
    draw: () => (failRate > 0 && random() < failRate ? failStatuses[Math.floor(random() * failStatuses.length)] : undefined),
  };
}

export const RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
/** Google's RetryInfo detail, as its 429s carry it. */
export const retryInfo = (seconds: number) => ({ "@type": RETRY_INFO, retryDelay: `${seconds}s` });
