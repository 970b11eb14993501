import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedCondition } from '@tributary/feed-api';
import { feedSummary } from './summary.ts';
import { pendingPurges, purgeRecheckMs } from './purge.ts';

const c = (type: string, status: 'True' | 'False', reason = 'R'): FeedCondition => ({
  type,
  status,
  reason,
  message: '',
  lastTransitionTime: '2026-01-01T00:00:00Z',
});

test('the summary shows a failing feed at a glance, worst state first', () => {
  const s = (conditions: FeedCondition[], o: { deleting?: boolean; suspended?: boolean } = {}) =>
    feedSummary({ deleting: o.deleting ?? false, suspended: o.suspended ?? false, conditions });
  assert.equal(s([c('Ready', 'True')]), 'Pending');
  assert.equal(s([c('Ready', 'True'), c('Healthy', 'True')]), 'Healthy');
  assert.equal(s([c('Ready', 'True'), c('Healthy', 'False', 'FetchFailed')]), 'Failing');
  assert.equal(s([c('Ready', 'True'), c('Healthy', 'False', 'RunFailed')]), 'Failing');
  assert.equal(s([c('Ready', 'True'), c('Healthy', 'False', 'FeedGone')]), 'Gone');
  assert.equal(s([c('Ready', 'True'), c('Healthy', 'False')], { suspended: true }), 'Suspended');
  assert.equal(s([c('Ready', 'False', 'InvalidSpec'), c('Healthy', 'True')]), 'InvalidSpec');
  assert.equal(s([c('Ready', 'True'), c('Healthy', 'True')], { deleting: true }), 'Deleting');
});

test('the purge is done when every purge consumer acked past the event; a stopped worker holds it, an absent projection does not', () => {
  assert.deepEqual(
    pendingPurges(10, [
      { name: 'store-writer', ackFloor: 10 },
      { name: 'graph-writer-feeds', ackFloor: 12 },
    ]),
    [],
  );
  assert.deepEqual(
    pendingPurges(10, [
      { name: 'store-writer', ackFloor: 10 },
      { name: 'graph-writer-feeds', ackFloor: 9 },
    ]),
    ['graph-writer-feeds'],
  );
  assert.deepEqual(
    pendingPurges(10, [{ name: 'store-writer', ackFloor: 3 }, { name: 'graph-writer-feeds' }]),
    ['store-writer'],
    'a durable that does not exist is a projection never deployed: nothing to wait for',
  );
  assert.deepEqual(pendingPurges(10, []), []);
  assert.deepEqual(
    [0, 9_999, 10_000, 119_999, 120_000, 3_600_000].map(purgeRecheckMs),
    [1000, 1000, 5000, 5000, 30_000, 30_000],
  );
});
