/**
 * The `spec.interval` values a single cron schedule keeps exactly: periods that divide the hour,
 * periods that divide the day, a day and a week. Anything else (90m, 45m, 5h, 48h) would fire at
 * uneven gaps or round to another period, so the CRD refuses it at `kubectl apply` time (use
 * `spec.schedule` for those) and the operator says so for objects stored before the rule.
 */
export const EXACT_INTERVAL_MINUTES = [
  1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 10080,
] as const;

/** The canonical spelling of each exact interval (15m, 2h, 24h, 168h). */
export function intervalLabel(minutes: number): string {
  return minutes < 60 ? `${minutes}m` : `${minutes / 60}h`;
}

export const EXACT_INTERVALS_TEXT = EXACT_INTERVAL_MINUTES.map(intervalLabel).join(', ');

/**
 * CEL: the interval is one of the exact periods (durations compare by value: 1h == 60m). The
 * guard keeps `duration('')` (an evaluation error) out, like the range rule's.
 */
export const EXACT_INTERVAL_RULE = `self != '' && duration(self) in [${EXACT_INTERVAL_MINUTES.map((m) => `duration('${m}m')`).join(', ')}]`;
