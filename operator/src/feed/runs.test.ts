import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { DEFAULTS } from '../config.ts';
import type { IngestSettings } from '../config.ts';
import { desiredCronJob } from './desired.ts';
import { JobIndex } from './job-index.ts';
import {
  failureRecorded,
  failureText,
  messageLine,
  planRun,
  RETRY_POLICY,
  retryDelayMs,
  RUN_ATTEMPT_ANNOTATION,
  runFailureOutcome,
  runJobName,
} from './runs.ts';
import { terminatedPod } from './fixtures.ts';

const ingest = structuredClone(DEFAULTS.ingest) as unknown as IngestSettings;
const now = new Date('2026-01-01T04:00:00Z');

function feed(spec: Partial<Feed['spec']> = {}, status?: Feed['status']): Feed {
  return {
    apiVersion: 'tributary.dev/v1alpha1',
    kind: 'Feed',
    metadata: { name: 'hn', namespace: 'news', uid: 'uid-1', generation: 2 },
    spec: { url: 'https://example.org/feed.xml', interval: '1h', ...spec },
    ...(status ? { status } : {}),
  };
}

/** A Job as the CronJob would create it from the Feed's template, finished as asked. */
function job(
  name: string,
  o: {
    state?: 'active' | 'Complete' | 'Failed';
    created?: string;
    finished?: string;
    url?: string;
    attempt?: number;
  } = {},
): Job {
  const cj = desiredCronJob(feed(o.url ? { url: o.url } : {}), '0 * * * *', ingest);
  const state = o.state ?? 'Failed';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'news',
      uid: `uid-${name}`,
      creationTimestamp: o.created ?? '2026-01-01T03:00:00Z',
      annotations: o.attempt ? { [RUN_ATTEMPT_ANNOTATION]: String(o.attempt) } : {},
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: 'feed-hn', uid: 'cj', controller: true },
      ],
    },
    spec: cj.spec.jobTemplate.spec,
    status:
      state === 'active'
        ? { active: 1, startTime: o.created ?? '2026-01-01T03:00:00Z' }
        : {
            startTime: o.created ?? '2026-01-01T03:00:00Z',
            conditions: [
              {
                type: state,
                status: 'True',
                lastTransitionTime: o.finished ?? '2026-01-01T03:59:00Z',
                reason: 'BackoffLimitExceeded',
                message: 'Job has reached the specified backoff limit',
              },
            ],
          },
  };
}

const plan = (f: Feed, jobs: Job[], nextTick: Date | null = new Date('2026-01-01T05:00:00Z')) =>
  planRun({ feed: f, cronJobName: 'feed-hn', jobs, now, nextTick });

test('a new Feed is fetched at once (forced), once: the Job name is deterministic', () => {
  const p = plan(feed(), []);
  assert.equal(p?.reason, 'initial');
  assert.equal(p?.force, true);
  assert.equal(p?.at, now);
  assert.equal(plan(feed(), [])?.name, p?.name);
  assert.equal(
    plan(feed({}, { lastFetchTime: '2026-01-01T00:00:00Z' }), []),
    null,
    'fetched before: no kick-off',
  );
  assert.equal(plan(feed({ suspend: true }), []), null, 'suspended: nothing');
});

test('a changed URL is fetched at once; nothing starts while a Job is active', () => {
  const old = job('feed-hn-1', { state: 'Complete', url: 'https://old.example.org/feed.xml' });
  const p = plan(feed(), [old]);
  assert.equal(p?.reason, 'url-changed');
  assert.equal(p?.force, true);
  assert.notEqual(p?.name, plan(feed({ url: 'https://third.example.org/' }), [old])?.name);
  assert.equal(
    plan(feed(), [old, job('feed-hn-2', { state: 'active', created: '2026-01-01T03:30:00Z' })]),
    null,
  );
  assert.equal(plan(feed(), [job('feed-hn-3', { state: 'Complete' })]), null, 'same URL, succeeded: nothing');
});

test('a failed run is retried with a doubling, capped backoff; the next tick or the attempt cap ends the chain', () => {
  const first = plan(feed(), [job('feed-hn-1', { finished: '2026-01-01T03:59:00Z' })]);
  assert.equal(first?.reason, 'retry');
  assert.equal(first?.attempt, 1);
  assert.equal(first?.force, false, 'a retry respects the ingestor’s own backoff');
  assert.equal(first?.at.toISOString(), '2026-01-01T03:59:30.000Z');
  const third = plan(feed(), [job('feed-hn-r', { attempt: 2, finished: '2026-01-01T03:59:00Z' })]);
  assert.equal(third?.attempt, 3);
  assert.equal(third?.at.toISOString(), '2026-01-01T04:01:00.000Z');
  assert.deepEqual(
    Array.from({ length: 8 }, (_, i) => retryDelayMs(i + 1) / 1000),
    [30, 60, 120, 240, 480, 900, 900, 900],
  );
  assert.equal(
    plan(feed(), [job('x', { attempt: RETRY_POLICY.maxAttempts })]),
    null,
    'attempts exhausted: the schedule goes on',
  );
  assert.equal(
    plan(
      feed(),
      [job('x', { attempt: 5, finished: '2026-01-01T03:59:00Z' })],
      new Date('2026-01-01T04:00:00Z'),
    ),
    null,
    'the next tick comes before the retry would: the tick is the retry',
  );
});

test('the last log line of a failed container becomes the error; JSON log lines are read', () => {
  assert.equal(
    messageLine(
      '{"level":"info","message":"start"}\n{"level":"error","message":"cannot connect to NATS","error":"connection refused","servers":["nats://x"]}\n',
    ),
    'cannot connect to NATS: connection refused',
  );
  assert.equal(messageLine('plain failure\n'), 'plain failure');
  assert.equal(
    messageLine(
      '{"level":"error","message":"ingest run failed","error":"KV down"}\n{"level":"info","message":"stopped"}',
    ),
    'ingest run failed: KV down',
    'the last error line, not a later info line',
  );
  assert.equal(messageLine(''), undefined);
  const j = job('feed-hn-1');
  assert.equal(
    failureText(j, [
      terminatedPod({
        exitCode: 1,
        reason: 'Error',
        message: '{"message":"cannot connect to NATS","error":"timeout"}',
      }),
    ]),
    'cannot connect to NATS: timeout (exit code 1)',
  );
  assert.equal(
    failureText(j, [terminatedPod({ exitCode: 137, reason: 'OOMKilled' })]),
    'container ingest failed (exit code 137, OOMKilled)',
  );
  assert.equal(failureText(j, []), 'BackoffLimitExceeded: Job has reached the specified backoff limit');
});

test('a failed Job becomes a RunFailed outcome once; a later fetch supersedes it', () => {
  const j = job('feed-hn-1', { finished: '2026-01-01T03:59:00Z' });
  const f = feed({}, { consecutiveFailures: 2, lastFetchTime: '2026-01-01T03:00:05Z' });
  const e = runFailureOutcome(f, j, 'cannot connect to NATS (exit code 1)');
  assert.equal(e.outcome, 'failed');
  assert.equal(e.errorClass, 'RunFailed');
  assert.equal(e.consecutiveFailures, 3);
  assert.equal(e.finishedAt, '2026-01-01T03:59:00Z');
  assert.match(e.errorMessage ?? '', /^job feed-hn-1: cannot connect to NATS/);
  assert.equal(failureRecorded(f.status, j), false);
  assert.equal(failureRecorded({ lastFetchTime: '2026-01-01T03:59:00Z' }, j), true);
  assert.equal(failureRecorded({ lastFetchTime: '2026-01-01T04:10:00Z' }, j), true);
});

test('run Job names fit 63 characters and differ by reason and seed', () => {
  const long = `feed-${'a'.repeat(47)}`;
  for (const r of ['initial', 'url-changed', 'retry'] as const)
    assert.ok(runJobName(long, r, 's').length <= 63);
  assert.notEqual(runJobName('feed-hn', 'retry', 'a'), runJobName('feed-hn', 'retry', 'b'));
  assert.match(runJobName('feed-hn', 'retry', 'a'), /^feed-hn-retry-[0-9a-f]{8}$/);
});

test('the Job index finds a CronJob’s Jobs and forgets deleted ones', () => {
  const idx = new JobIndex();
  const a = job('feed-hn-1');
  idx.set(a);
  idx.set(job('feed-hn-2'));
  idx.set({ ...a, metadata: { ...a.metadata, name: 'orphan', ownerReferences: [] } });
  assert.deepEqual(
    idx
      .forCronJob('news', 'feed-hn')
      .map((j) => j.metadata.name)
      .sort(),
    ['feed-hn-1', 'feed-hn-2'],
  );
  idx.delete(a);
  assert.deepEqual(
    idx.forCronJob('news', 'feed-hn').map((j) => j.metadata.name),
    ['feed-hn-2'],
  );
  assert.deepEqual(idx.forCronJob('other', 'feed-hn'), []);
});
