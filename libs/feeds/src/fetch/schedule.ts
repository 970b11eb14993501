/**
 * Polling schedule (pure): how long until a feed should be fetched again. Entry frequency sets the
 * pace (a feed posting hourly is polled more often than one posting weekly), server hints (RSS
 * `<ttl>`, Cache-Control max-age, Expires) are a floor, and the result is clamped to
 * [minIntervalMs, maxIntervalMs]. The CronJob fires on the Feed's schedule; a run that is not due
 * yet exits at once.
 */
import { POLICY_DEFAULTS } from './defaults.ts';

const WEEK = 7 * 24 * 3600_000;

export interface SchedulePolicy {
  minIntervalMs: number;
  maxIntervalMs: number;
  defaultIntervalMs: number;
}

const defaultPolicy: SchedulePolicy = {
  minIntervalMs: POLICY_DEFAULTS.minIntervalMs,
  maxIntervalMs: POLICY_DEFAULTS.maxIntervalMs,
  defaultIntervalMs: POLICY_DEFAULTS.defaultIntervalMs,
};

/** Server-provided freshness hints from the document and the response headers. */
export interface CacheHints {
  ttlMinutes?: number | null;
  cacheControl?: string | null;
  expires?: string | null;
}

/** `max-age` (seconds → ms) from a Cache-Control header; null when absent. */
export function cacheControlMaxAgeMs(header: string | null | undefined): number | null {
  if (!header) return null;
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(header);
  return m?.[1] ? Number(m[1]) * 1000 : null;
}

/** The longest freshness any hint promises, in ms from `now` (0 when there are none). */
export function serverHintMs(hints: CacheHints, now: number): number {
  const ttl = hints.ttlMinutes != null && hints.ttlMinutes > 0 ? hints.ttlMinutes * 60_000 : 0;
  const maxAge = cacheControlMaxAgeMs(hints.cacheControl) ?? 0;
  const expiresAt = hints.expires ? Date.parse(hints.expires) : NaN;
  const expires = Number.isNaN(expiresAt) ? 0 : Math.max(0, expiresAt - now);
  return Math.max(ttl, maxAge, expires);
}

/**
 * Interval from entry frequency (Miniflux's entry_frequency scheduler): one week divided by the
 * number of entries dated within the last week. No dated entries at all → the default interval;
 * dated entries but none this week → the maximum.
 */
export function entryFrequencyMs(
  itemDates: readonly (string | null)[],
  now: number,
  policy: SchedulePolicy = defaultPolicy,
): number {
  const times = itemDates.map((d) => (d ? Date.parse(d) : NaN)).filter((t) => !Number.isNaN(t));
  if (times.length === 0) return policy.defaultIntervalMs;
  const weekly = times.filter((t) => t > now - WEEK && t <= now + 3600_000).length;
  if (weekly === 0) return policy.maxIntervalMs;
  return Math.floor(WEEK / weekly);
}

/** The next polling interval: entry frequency, floored by server hints, clamped to the policy. */
export function nextIntervalMs(
  itemDates: readonly (string | null)[],
  hints: CacheHints,
  now: number,
  policy: SchedulePolicy = defaultPolicy,
): number {
  const base = Math.max(entryFrequencyMs(itemDates, now, policy), serverHintMs(hints, now));
  return Math.min(policy.maxIntervalMs, Math.max(policy.minIntervalMs, base));
}

/** True when a run at `now` should fetch: never fetched, or the due time (minus slack) has passed. */
export function isDue(
  nextFetchAt: number | null,
  now: number,
  slackMs: number = POLICY_DEFAULTS.dueSlackMs,
): boolean {
  return nextFetchAt === null || now >= nextFetchAt - slackMs;
}
