/**
 * `tributary replay` arguments (pure): the projection to rebuild and where in the streams to start.
 */
import { UsageError } from '@tributary/command';

export const REPLAY_TARGETS = ['store', 'graph'] as const;
export type ReplayTarget = (typeof REPLAY_TARGETS)[number];

export interface ReplayArgs {
  to: ReplayTarget;
  /** Start at the first message stored at or after this time; null = the beginning of the streams. */
  since: Date | null;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `--since` is an ISO-8601 time (`2026-11-21T10:00:00Z`) or a duration back from `now` (`90m`,
 * `6h`, `7d`): the relative form is what an operator types after an incident.
 */
export function parseSince(raw: string, now: Date): Date {
  const rel = /^(\d+)([smhd])$/.exec(raw.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS]);
  // Date-only or full timestamps; a bare number would be read as a year or epoch, so insist on a '-'.
  const t = raw.includes('-') ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(t))
    throw new UsageError(`--since must be an ISO-8601 time or a duration like 30m, 6h, 7d; got "${raw}"`);
  if (t > now.getTime()) throw new UsageError(`--since ${raw} is in the future`);
  return new Date(t);
}

export function replayArgs(
  values: { to?: string | undefined; since?: string | undefined },
  now: Date,
): ReplayArgs {
  if (!values.to) throw new UsageError('--to store|graph is required');
  if (!(REPLAY_TARGETS as readonly string[]).includes(values.to))
    throw new UsageError(`--to must be one of ${REPLAY_TARGETS.join(', ')}; got "${values.to}"`);
  return {
    to: values.to as ReplayTarget,
    since: values.since === undefined ? null : parseSince(values.since, now),
  };
}
