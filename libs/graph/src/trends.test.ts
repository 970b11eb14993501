import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketCounts, rankTrends, trendScore } from './trends.ts';

test('trendScore: a rise from nothing outranks the same rise on a big baseline', () => {
  assert.deepEqual(trendScore(3, [0, 0, 0]), { baseline: 0, score: 3 });
  assert.ok(trendScore(13, [10, 10, 10]).score < 1);
  assert.ok(trendScore(2, [5, 5]).score < 0);
});

test('rankTrends drops single mentions and falling entities, orders by score', () => {
  const e = (id: string) => ({ id });
  const rows = [
    { entity: e('a'), window: 0, count: 1 }, // one mention is not a trend
    { entity: e('b'), window: 0, count: 6 },
    { entity: e('b'), window: 1, count: 2 },
    { entity: e('c'), window: 0, count: 4 },
    { entity: e('d'), window: 0, count: 3 },
    { entity: e('d'), window: 2, count: 9 }, // baseline 9/7: still rising, but less
    { entity: e('f'), window: 0, count: 3 },
    { entity: e('f'), window: 1, count: 40 }, // falling
  ];
  const got = rankTrends(rows, 10);
  assert.deepEqual(
    got.map((t) => t.entity.id),
    ['b', 'c', 'd'],
  );
  assert.equal(got[0]!.count, 6);
  assert.equal(got[0]!.baseline, 0.286);
});

test('bucketCounts groups by UTC hour or day, oldest first', () => {
  const times = [
    '2026-09-09T08:10:00Z',
    '2026-09-09T08:50:00.000Z',
    '2026-09-09T10:00:00Z',
    'nope',
    '2026-09-10T01:00:00Z',
  ];
  assert.deepEqual(bucketCounts(times, 'hour'), [
    { t: '2026-09-09T08:00:00.000Z', mentions: 2 },
    { t: '2026-09-09T10:00:00.000Z', mentions: 1 },
    { t: '2026-09-10T01:00:00.000Z', mentions: 1 },
  ]);
  assert.deepEqual(bucketCounts(times, 'day'), [
    { t: '2026-09-09T00:00:00.000Z', mentions: 3 },
    { t: '2026-09-10T00:00:00.000Z', mentions: 1 },
  ]);
});
