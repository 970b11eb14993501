import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedFetchedData } from '@tributary/events';
import { foldOutcomes } from './outcome.ts';

function outcome(over: Partial<FeedFetchedData>): FeedFetchedData {
  return {
    feed: { uid: 'u1', namespace: 'ns', name: 'f', url: 'https://example.org/feed.xml' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.500Z',
    durationMs: 1500,
    outcome: 'updated',
    httpStatus: 200,
    bytes: 1000,
    itemsSeen: 10,
    itemsPublished: 10,
    lastItemTime: '2025-12-31T23:00:00.000Z',
    errorClass: null,
    errorMessage: null,
    effectiveUrl: null,
    consecutiveFailures: 0,
    nextFetchAt: null,
    retryAfter: null,
    hubs: [],
    ...over,
  };
}

const now = new Date('2026-01-01T00:10:00Z');

test('a burst of outcomes folds into one status: counts add up, latest times win, Healthy follows the last', () => {
  const { status, failures, changed } = foldOutcomes(
    undefined,
    [
      outcome({ finishedAt: '2026-01-01T00:00:01Z', itemsPublished: 10 }),
      outcome({
        finishedAt: '2026-01-01T00:05:01Z',
        itemsPublished: 2,
        lastItemTime: '2026-01-01T00:04:00Z',
      }),
      outcome({
        finishedAt: '2026-01-01T00:03:01Z',
        outcome: 'not-modified',
        itemsPublished: 0,
        httpStatus: 304,
      }),
    ],
    4,
    now,
  );
  assert.equal(changed, true);
  assert.equal(failures.length, 0);
  assert.equal(status.itemCount, 12);
  assert.equal(status.lastFetchTime, '2026-01-01T00:05:01Z');
  assert.equal(status.lastSuccessTime, '2026-01-01T00:05:01Z');
  assert.equal(status.lastItemTime, '2026-01-01T00:04:00Z');
  assert.equal(status.consecutiveFailures, 0);
  assert.equal(status.lastError, '');
  assert.equal(status.conditions[0]?.status, 'True');
  assert.equal(status.conditions[0]?.reason, 'FetchSucceeded');
  assert.equal(status.conditions[0]?.observedGeneration, 4);
});

test('failures set lastError, consecutiveFailures and Healthy=False, keeping lastSuccessTime', () => {
  const first = foldOutcomes(undefined, [outcome({ finishedAt: '2026-01-01T00:00:01Z' })], 1, now).status;
  const { status, failures } = foldOutcomes(
    first,
    [
      outcome({
        finishedAt: '2026-01-01T00:15:00Z',
        outcome: 'failed',
        httpStatus: 503,
        errorClass: 'HttpError',
        errorMessage: 'Service Unavailable',
        consecutiveFailures: 2,
        itemsPublished: 0,
        nextFetchAt: '2026-01-01T00:30:00Z',
      }),
    ],
    1,
    now,
  );
  assert.equal(failures.length, 1);
  assert.equal(status.lastSuccessTime, '2026-01-01T00:00:01Z');
  assert.equal(status.lastFetchTime, '2026-01-01T00:15:00Z');
  assert.equal(status.consecutiveFailures, 2);
  assert.equal(status.lastError, 'HttpError: Service Unavailable (HTTP 503)');
  assert.equal(status.conditions[0]?.status, 'False');
  assert.equal(status.conditions[0]?.reason, 'FetchFailed');
  assert.match(
    status.conditions[0]?.message ?? '',
    /2 consecutive failure\(s\).*next attempt at status.nextFetchTime/,
  );
  assert.doesNotMatch(status.conditions[0]?.message ?? '', /00:30/, 'one next time: nextFetchTime');
  assert.equal(status.dueTime, '2026-01-01T00:30:00Z', 'the backoff reaches the reconciler as dueTime');
  assert.equal(status.itemCount, 10);
});

test('redelivered outcomes (at or before lastFetchTime) change nothing: item counts stay exact', () => {
  const e = outcome({ finishedAt: '2026-01-01T00:00:01Z', itemsPublished: 7 });
  const once = foldOutcomes(undefined, [e], 1, now).status;
  const again = foldOutcomes(once, [e], 1, now);
  assert.equal(again.changed, false);
  assert.equal(again.status.itemCount, 7);
});

test('skipped runs are not fetches; gone is its own reason; effectiveURL only when it differs', () => {
  assert.equal(foldOutcomes(undefined, [outcome({ outcome: 'skipped' })], 1, now).changed, false);
  const gone = foldOutcomes(
    undefined,
    [outcome({ outcome: 'gone', httpStatus: 410, consecutiveFailures: 1 })],
    1,
    now,
  ).status;
  assert.equal(gone.conditions[0]?.reason, 'FeedGone');
  const moved = foldOutcomes(
    undefined,
    [outcome({ effectiveUrl: 'https://new.example.org/feed' })],
    1,
    now,
  ).status;
  assert.equal(moved.effectiveURL, 'https://new.example.org/feed');
});

test('a skipped run moves only dueTime; a run failure seen on its Job is RunFailed and keeps dueTime', () => {
  const first = foldOutcomes(
    undefined,
    [outcome({ finishedAt: '2026-01-01T00:00:01Z', nextFetchAt: '2026-01-01T06:00:00Z' })],
    1,
    now,
  ).status;
  const skipped = foldOutcomes(
    first,
    [
      outcome({
        outcome: 'skipped',
        finishedAt: '2026-01-01T01:00:00Z',
        nextFetchAt: '2026-01-01T07:00:00Z',
      }),
    ],
    1,
    now,
  );
  assert.equal(skipped.changed, true);
  assert.equal(skipped.status.dueTime, '2026-01-01T07:00:00Z');
  assert.equal(skipped.status.lastFetchTime, '2026-01-01T00:00:01Z', 'a skip is not a fetch');
  const runFailed = foldOutcomes(
    skipped.status,
    [
      outcome({
        outcome: 'failed',
        finishedAt: '2026-01-01T02:00:00Z',
        errorClass: 'RunFailed',
        errorMessage: 'job feed-f-1: cannot connect to NATS (exit code 1)',
        httpStatus: null,
        consecutiveFailures: 1,
      }),
    ],
    1,
    now,
  ).status;
  assert.equal(runFailed.conditions[0]?.reason, 'RunFailed');
  assert.equal(runFailed.lastError, 'RunFailed: job feed-f-1: cannot connect to NATS (exit code 1)');
  assert.equal(runFailed.dueTime, '2026-01-01T07:00:00Z');
});
