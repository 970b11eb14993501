import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { feedFailuresGauge, pruneFailures, recordFailures } from './failures-metric.ts';

const series = async (registry: Registry) =>
  (await feedFailuresGauge(registry).get()).values.map((v) => [
    `${v.labels.feed_namespace}/${v.labels.feed}`,
    v.value,
  ]);

test('only failing feeds have a series; recovery removes it', async () => {
  const registry = new Registry();
  const g = feedFailuresGauge(registry);
  assert.equal(feedFailuresGauge(registry), g, 'one gauge per registry');
  recordFailures(g, 'news/a', 3);
  recordFailures(g, 'news/b', 0);
  assert.deepEqual(await series(registry), [['news/a', 3]]);
  recordFailures(g, 'news/a', 0);
  assert.deepEqual(await series(registry), []);
});

test('series of deleted feeds are pruned', async () => {
  const registry = new Registry();
  const g = feedFailuresGauge(registry);
  recordFailures(g, 'news/a', 5);
  recordFailures(g, 'news/gone', 7);
  await pruneFailures(g, (key) => key === 'news/a');
  assert.deepEqual(await series(registry), [['news/a', 5]]);
  assert.match(
    await registry.metrics(),
    /tributary_feed_consecutive_failures\{feed_namespace="news",feed="a"\} 5/,
  );
});
