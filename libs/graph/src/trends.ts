/**
 * Pure math of timelines and trends: bucketing publication times, and scoring an entity's count in
 * the current window against its own baseline (the mean of the previous windows).
 */
export const TREND_WINDOWS = {
  '1h': 3600_000,
  '6h': 6 * 3600_000,
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
} as const;
export type TrendWindow = keyof typeof TREND_WINDOWS;

/** Previous windows averaged into the baseline: a week of days, a working day of hours. */
export const BASELINE_WINDOWS = 7;
/** Below this many items in the window an entity is never a trend: one mention is noise. */
export const MIN_TREND_COUNT = 3;

/**
 * Rise against the baseline as a Poisson-style z-score with +1 smoothing: a jump from 0 to 3 scores
 * 3, from 10 to 13 under 1, so a steady big entity does not outrank a newly rising one.
 */
export function trendScore(count: number, previous: readonly number[]): { baseline: number; score: number } {
  const baseline = previous.length ? previous.reduce((a, b) => a + b, 0) / previous.length : 0;
  return { baseline, score: (count - baseline) / Math.sqrt(baseline + 1) };
}

export interface WindowCount<E> {
  entity: E;
  /** 0 = the current window, 1 = the one before, … */
  window: number;
  count: number;
}

/** Ranks entities by trendScore; entities under MIN_TREND_COUNT or not rising are left out. */
export function rankTrends<E extends { id: string }>(
  rows: readonly WindowCount<E>[],
  limit: number,
): Array<{ entity: E; count: number; baseline: number; score: number }> {
  const per = new Map<string, { entity: E; counts: number[] }>();
  for (const r of rows) {
    if (r.window < 0 || r.window > BASELINE_WINDOWS) continue;
    const e = per.get(r.entity.id) ?? {
      entity: r.entity,
      counts: new Array<number>(BASELINE_WINDOWS + 1).fill(0),
    };
    e.counts[r.window]! += r.count;
    per.set(r.entity.id, e);
  }
  const out = [];
  for (const { entity, counts } of per.values()) {
    const count = counts[0]!;
    if (count < MIN_TREND_COUNT) continue;
    const { baseline, score } = trendScore(count, counts.slice(1));
    if (score <= 0) continue;
    out.push({ entity, count, baseline: Number(baseline.toFixed(3)), score: Number(score.toFixed(3)) });
  }
  return out
    .sort((a, b) => b.score - a.score || b.count - a.count || (a.entity.id < b.entity.id ? -1 : 1))
    .slice(0, limit);
}

export type Bucket = 'hour' | 'day';

/** Counts ISO-8601 UTC times per hour or day bucket, oldest first; invalid times are skipped. */
export function bucketCounts(
  times: readonly string[],
  bucket: Bucket,
): Array<{ t: string; mentions: number }> {
  const counts = new Map<number, number>();
  const size = bucket === 'hour' ? 3600_000 : 86400_000;
  for (const t of times) {
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) continue;
    const start = Math.floor(ms / size) * size;
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, mentions]) => ({ t: new Date(start).toISOString(), mentions }));
}
