/** Retry-After handling (pure): RFC 9110 §10.2.3, seconds or an HTTP-date. */
import { POLICY_DEFAULTS } from './defaults.ts';

/**
 * Parses a Retry-After value into a delay in ms from `now`. Returns null when absent or unusable
 * (negative, garbage); a date in the past yields 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Only accept things that look like dates; Date.parse alone accepts "1" or "0x10".
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export interface RetryAfterPolicy {
  capMs: number;
  defaultMs: number;
  jitterRatio: number;
}

/**
 * When the host may be contacted again after a 429/503: the server's Retry-After (or a default
 * when missing), capped, plus up to `jitterRatio` random jitter so that feeds sharing a host spread out.
 * `random` is injectable for tests.
 */
export function retryAfterUntil(
  value: string | null | undefined,
  now: number,
  policy: RetryAfterPolicy = {
    capMs: POLICY_DEFAULTS.retryAfterCapMs,
    defaultMs: POLICY_DEFAULTS.retryAfterDefaultMs,
    jitterRatio: POLICY_DEFAULTS.jitterRatio,
  },
  random: () => number = Math.random,
): number {
  const base = Math.min(parseRetryAfter(value, now) ?? policy.defaultMs, policy.capMs);
  return now + base + Math.floor(base * policy.jitterRatio * random());
}
