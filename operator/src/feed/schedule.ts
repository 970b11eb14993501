/**
 * Schedule math (pure): `spec.interval` → cron, cron validation and the next fire time (croner,
 * 5-field, UTC — how the CronJob controller reads a schedule without timeZone).
 */
import { Cron } from 'croner';
import { createHash } from 'node:crypto';
import { EXACT_INTERVAL_MINUTES } from '@tributary/feed-api';

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000 } as const;

/** Parses a Go-style duration of h/m/s parts (`1h30m`, `15m`, `90s`) into milliseconds. */
export function parseInterval(interval: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(interval);
  if (!m || interval === '')
    throw new ScheduleError(`invalid interval ${JSON.stringify(interval)} (use e.g. 15m, 1h, 1h30m)`);
  return Number(m[1] ?? 0) * UNIT_MS.h + Number(m[2] ?? 0) * UNIT_MS.m + Number(m[3] ?? 0) * UNIT_MS.s;
}

/** A stable number in [0, 2^32) from a seed (the feed's namespace/name). */
function spread(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

/** Largest element of `options` (ascending) that is ≤ n. */
function largestAtMost(options: readonly number[], n: number): number {
  let best = options[0] as number;
  for (const o of options) if (o <= n) best = o;
  return best;
}

const MINUTE_STEPS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30] as const;
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12] as const;

/**
 * Turns an interval into a cron schedule. Cron can only express periods that divide the hour or
 * day evenly, so the period is rounded down to the nearest one it can (a feed is never fetched
 * less often than asked). A per-feed offset derived from `seed` spreads feeds with the same
 * interval across the period instead of firing them all at :00 (Jenkins' "H").
 */
export function intervalToCron(interval: string, seed: string): string {
  const minutes = Math.max(1, Math.floor(parseInterval(interval) / UNIT_MS.m));
  const h = spread(seed);
  const minute = h % 60;
  if (minutes < 60) {
    const step = largestAtMost(MINUTE_STEPS, minutes);
    return step === 1 ? '* * * * *' : `${h % step}-59/${step} * * * *`;
  }
  const hour = (h >>> 8) % 24;
  if (minutes < 1440) {
    const step = largestAtMost(HOUR_STEPS, Math.floor(minutes / 60));
    return step === 1 ? `${minute} * * * *` : `${minute} ${(h >>> 8) % step}-23/${step} * * *`;
  }
  const days = Math.floor(minutes / 1440);
  if (days >= 7) return `${minute} ${hour} * * ${(h >>> 16) % 7}`;
  if (days === 1) return `${minute} ${hour} * * *`;
  return `${minute} ${hour} */${days} * *`;
}

function cron(pattern: string): Cron {
  try {
    return new Cron(pattern, { mode: '5-part', timezone: 'UTC' });
  } catch (err) {
    throw new ScheduleError(`invalid cron schedule ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}

/** Throws ScheduleError when croner cannot read the pattern (e.g. 31 February never fires). */
export function validateCron(pattern: string): void {
  if (cron(pattern).nextRun(new Date()) === null) {
    throw new ScheduleError(`cron schedule ${JSON.stringify(pattern)} never fires`);
  }
}

/** The first fire time strictly after `from`, or null if it never fires. */
export function nextFireTime(pattern: string, from: Date): Date | null {
  return cron(pattern).nextRun(from);
}

/** The effective cron for a spec: its schedule, or its interval turned into cron. */
export function effectiveSchedule(spec: { schedule?: string; interval?: string }, seed: string): string {
  if (spec.schedule) return spec.schedule;
  if (spec.interval) return intervalToCron(spec.interval, seed);
  throw new ScheduleError('one of spec.schedule or spec.interval must be set');
}

/**
 * Whether cron keeps `interval` exactly (the CRD admits only these; a Feed stored before that rule
 * may still carry another one, which runs rounded down and says so).
 */
export function isExactInterval(interval: string): boolean {
  const ms = parseInterval(interval);
  return ms % UNIT_MS.m === 0 && (EXACT_INTERVAL_MINUTES as readonly number[]).includes(ms / UNIT_MS.m);
}

/**
 * How early a tick may come and still fetch: the ingestor's due slack (POLICY_DEFAULTS.dueSlackMs
 * in libs/feeds), so the next fetch is the first tick at or after dueTime minus this.
 */
export const DUE_SLACK_MS = 30_000;

/**
 * The one truthful next fetch time: a pending retry of a failed run when it comes first, else the
 * first schedule tick at which the ingestor will actually fetch (ticks before its due time — its
 * backoff, Retry-After or learnt interval — are skipped). Null when the schedule never fires.
 */
export function plannedNextFetch(
  schedule: string,
  now: Date,
  opts: { dueTime?: string | undefined; retryAt?: Date | undefined } = {},
): Date | null {
  const due = opts.dueTime ? Date.parse(opts.dueTime) - DUE_SLACK_MS : NaN;
  // nextFireTime is strictly after its argument: from a future due time, step back 1 ms so a tick
  // exactly at it counts.
  const tick = nextFireTime(schedule, due > now.getTime() ? new Date(due - 1) : now);
  const retry = opts.retryAt;
  if (retry && (!tick || retry.getTime() < tick.getTime())) return retry;
  return tick;
}
