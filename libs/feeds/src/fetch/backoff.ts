/**
 * Failure backoff (pure). Feedbin-style `max(8, n)^4` seconds: the first failures wait ~68 min
 * (transient outages heal without hammering), then grow polynomially up to the cap. Never a give-up:
 * at the cap the feed is still tried once per cap period, and every failure is reported.
 */
import { POLICY_DEFAULTS } from './defaults.ts';

export function failureBackoffMs(
  consecutiveFailures: number,
  capMs: number = POLICY_DEFAULTS.backoffCapMs,
): number {
  if (consecutiveFailures <= 0) return 0;
  const n = Math.max(8, consecutiveFailures);
  return Math.min(capMs, n ** 4 * 1000);
}

/** Adds up to `ratio` of random jitter to a delay. */
export function withJitter(delayMs: number, ratio: number, random: () => number = Math.random): number {
  return delayMs + Math.floor(delayMs * ratio * random());
}
