import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { runReflected, statusLine } from './run.ts';

const job = (state: 'Complete' | 'Failed'): Job => ({
  metadata: { name: 'feed-hn-manual-abc', namespace: 'news', creationTimestamp: '2026-01-01T04:00:00Z' },
  spec: { template: { spec: { containers: [] } } },
  status: {
    startTime: '2026-01-01T04:00:01Z',
    conditions: [{ type: state, status: 'True', lastTransitionTime: '2026-01-01T04:00:09Z' }],
  },
});

test('feed run --wait: done when the run’s fetch (or its recorded failure) is on the status', () => {
  const before = { lastFetchTime: '2026-01-01T03:00:05Z', dueTime: '2026-01-01T04:00:00Z' };
  assert.equal(runReflected(before, job('Complete'), before), false, 'the old fetch is not this run');
  assert.equal(
    runReflected({ ...before, lastFetchTime: '2026-01-01T04:00:07Z' }, job('Complete'), before),
    true,
  );
  assert.equal(
    runReflected({ ...before, lastFetchTime: '2026-01-01T04:00:09Z' }, job('Failed'), before),
    true,
  );
  assert.equal(
    runReflected({ ...before, dueTime: '2026-01-01T05:00:00Z' }, job('Complete'), before),
    true,
    'skipped (not due)',
  );
  assert.equal(runReflected({ ...before, dueTime: '2026-01-01T05:00:00Z' }, job('Failed'), before), false);
});

test('the CLI prints the Feed status after the run', () => {
  const feed = {
    metadata: { name: 'hn', namespace: 'news' },
    status: {
      summary: 'Failing',
      itemCount: 3,
      lastFetchTime: '2026-01-01T04:00:07Z',
      lastError: 'HttpError: x',
    },
  } as Feed;
  assert.equal(
    statusLine(feed),
    'feed news/hn: Failing, items 3, last fetch 2026-01-01T04:00:07Z, last error: HttpError: x',
  );
});
