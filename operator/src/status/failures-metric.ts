/**
 * `tributary_feed_consecutive_failures{feed_namespace,feed}`: failed fetches in a row per Feed, from
 * the same folded status the writer applies. Only failing feeds carry a series (0 removes it), and
 * series of feeds that left the informer cache are pruned, so a deleted feed never keeps the chart's
 * TributaryFeedFailing alert firing. (Added for the Helm chart's PrometheusRule, docs/metrics.md.)
 */
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

export type FailuresGauge = Gauge<'feed_namespace' | 'feed'>;
export const FEED_FAILURES_METRIC = 'tributary_feed_consecutive_failures';

export function feedFailuresGauge(registry: Registry): FailuresGauge {
  return (
    (registry.getSingleMetric(FEED_FAILURES_METRIC) as FailuresGauge | undefined) ??
    new Gauge({
      name: FEED_FAILURES_METRIC,
      help: 'Consecutive failed fetches per Feed (only failing feeds have a series)',
      labelNames: ['feed_namespace', 'feed'],
      registers: [registry],
    })
  );
}

/** Records one feed's count after a status fold ("ns/name" key). */
export function recordFailures(gauge: FailuresGauge, key: string, consecutiveFailures: number): void {
  const [feed_namespace = '', feed = ''] = key.split('/');
  if (consecutiveFailures > 0) gauge.set({ feed_namespace, feed }, consecutiveFailures);
  else gauge.remove({ feed_namespace, feed });
}

/** Drops the series of feeds no longer known (deleted). */
export async function pruneFailures(gauge: FailuresGauge, exists: (key: string) => boolean): Promise<void> {
  for (const v of (await gauge.get()).values) {
    const key = `${v.labels.feed_namespace}/${v.labels.feed}`;
    if (!exists(key))
      gauge.remove({ feed_namespace: String(v.labels.feed_namespace), feed: String(v.labels.feed) });
  }
}
