// reconcileFeed against a recording fake apiserver client: which writes one reconcile makes for a
// new Feed, a run that failed before it could report, a stored inexact interval and a deletion
// waiting for the purge (the real-apiserver versions are in operator/test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, Job, KubeClient } from '@tributary/k8s';
import type { Feed, FeedStatus } from '@tributary/feed-api';
import { FEED_FINALIZER } from '@tributary/feed-api';
import { DEFAULTS } from '../config.ts';
import type { IngestSettings } from '../config.ts';
import { desiredCronJob } from './desired.ts';
import { reconcileFeed } from './reconcile.ts';
import type { ReconcileDeps } from './reconcile.ts';
import { RUN_REASON_ANNOTATION } from './runs.ts';
import { terminatedPod } from './fixtures.ts';

const ingest = structuredClone(DEFAULTS.ingest) as unknown as IngestSettings;
const now = new Date('2026-01-01T04:00:10Z');

interface Call {
  verb: string;
  path: string;
  body: unknown;
  fieldManager: unknown;
}

function fakeClient(pods: unknown[] = []): { client: KubeClient; calls: Call[] } {
  const calls: Call[] = [];
  const request = async (
    verb: string,
    path: string,
    opts: { body?: unknown; query?: Record<string, unknown> } = {},
  ) => {
    calls.push({ verb, path, body: opts.body, fieldManager: opts.query?.fieldManager });
    if (verb === 'GET') return { kind: 'PodList', items: pods, metadata: { resourceVersion: '1' } };
    const body = structuredClone(opts.body) as { metadata: Record<string, unknown> };
    body.metadata.uid ??= 'uid-cj';
    return body;
  };
  const client = { request, get: (path: string, opts: object) => request('GET', path, opts) };
  return { client: client as unknown as KubeClient, calls };
}

function feed(
  spec: Partial<Feed['spec']> = {},
  status?: FeedStatus,
  meta: Partial<Feed['metadata']> = {},
): Feed {
  return {
    apiVersion: 'tributary.dev/v1alpha1',
    kind: 'Feed',
    metadata: { name: 'hn', namespace: 'news', uid: 'uid-1', generation: 1, ...meta },
    spec: { url: 'https://example.org/feed.xml', schedule: '4 * * * *', ...spec },
    ...(status ? { status } : {}),
  };
}

function deps(f: Feed, o: { jobs?: Job[]; cronJob?: CronJob; pending?: string[]; pods?: unknown[] } = {}) {
  const { client, calls } = fakeClient(o.pods);
  const events: { type: string; reason: string; message: string }[] = [];
  const d: ReconcileDeps = {
    client,
    feeds: { get: () => f },
    cronJobs: { get: () => o.cronJob },
    jobs: { forCronJob: () => o.jobs ?? [] },
    recorder: { event: (_o, type, reason, message) => void events.push({ type, reason, message }) },
    ingest,
    purgeFeed: async () => ({ pending: o.pending ?? [] }),
    now: () => now,
  };
  return { d, calls, events };
}

const statusBodies = (calls: Call[], manager: string) =>
  calls
    .filter((c) => c.path.endsWith('/status') && c.fieldManager === manager)
    .map((c) => (c.body as { status: FeedStatus }).status);

test('a new Feed: CronJob, a first run started at once, status Pending with the next tick', async () => {
  const f = feed();
  const { d, calls, events } = deps(f);
  const res = await reconcileFeed('news/hn', d);
  assert.deepEqual(res.wrote, ['cronjob', 'job', 'status']);
  const job = calls.find((c) => c.verb === 'POST' && c.path === '/apis/batch/v1/namespaces/news/jobs')
    ?.body as Job;
  assert.equal(job.metadata.annotations?.[RUN_REASON_ANNOTATION], 'initial');
  assert.ok(job.spec.template.spec.containers[0]?.args?.includes('--force'));
  assert.ok(events.some((e) => e.reason === 'RunStarted'));
  const [status] = statusBodies(calls, 'tributary-operator');
  assert.equal(status?.summary, 'Pending');
  assert.equal(status?.nextFetchTime, '2026-01-01T04:04:00Z');
});

test('a run that failed before it could report: RunFailed on the Feed, Warning, the retry as nextFetchTime', async () => {
  const f = feed({}, { lastFetchTime: '2026-01-01T03:04:09Z', consecutiveFailures: 0, itemCount: 5 });
  const cronJob = { ...desiredCronJob(f, '4 * * * *', ingest) } as CronJob;
  cronJob.metadata = { ...cronJob.metadata, uid: 'uid-cj' };
  const failedJob: Job = {
    metadata: {
      name: 'feed-hn-29000000',
      namespace: 'news',
      uid: 'uid-j',
      creationTimestamp: '2026-01-01T03:59:00Z',
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: 'feed-hn', uid: 'uid-cj', controller: true },
      ],
    },
    spec: cronJob.spec.jobTemplate.spec,
    status: {
      startTime: '2026-01-01T03:59:00Z',
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          lastTransitionTime: '2026-01-01T04:00:00Z',
          reason: 'BackoffLimitExceeded',
        },
      ],
    },
  };
  const pods = [
    terminatedPod({
      exitCode: 1,
      message: '{"level":"error","message":"cannot connect to NATS","error":"CONNECTION_REFUSED"}',
    }),
  ];
  const { d, calls, events } = deps(f, { cronJob, jobs: [failedJob], pods });
  const res = await reconcileFeed('news/hn', d);
  assert.deepEqual(res.wrote, ['run-status', 'status']);
  const [fetch] = statusBodies(calls, 'tributary-operator-status');
  assert.equal(
    fetch?.lastError,
    'RunFailed: job feed-hn-29000000: cannot connect to NATS: CONNECTION_REFUSED (exit code 1)',
  );
  assert.equal(fetch?.consecutiveFailures, 1);
  assert.equal(fetch?.itemCount, 5, 'the other fetch fields are kept');
  assert.equal(fetch?.conditions?.[0]?.reason, 'RunFailed');
  assert.ok(events.some((e) => e.type === 'Warning' && e.reason === 'RunFailed'));
  const [own] = statusBodies(calls, 'tributary-operator');
  assert.equal(own?.summary, 'Failing');
  assert.equal(own?.nextFetchTime, '2026-01-01T04:00:30Z', 'the retry, 30 s after the failure');
  assert.ok((res.requeueAfterMs ?? Infinity) <= 21_000, `requeue for the retry: ${res.requeueAfterMs}`);
});

test('a stored inexact interval runs rounded down and says so', async () => {
  const f = feed({ schedule: undefined, interval: '90m' });
  delete f.spec.schedule;
  const { d, calls, events } = deps(f, { jobs: [] });
  await reconcileFeed('news/hn', d);
  const [own] = statusBodies(calls, 'tributary-operator');
  const ready = own?.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.reason, 'IntervalRounded');
  assert.match(ready?.message ?? '', /interval 90m cannot be kept exactly/);
  assert.ok(events.some((e) => e.type === 'Warning' && e.reason === 'IntervalRounded'));
});

test('deletion holds the finalizer while a store has not purged; then releases it', async () => {
  const meta = { deletionTimestamp: '2026-01-01T04:00:05Z', finalizers: [FEED_FINALIZER] };
  const f = feed({ deletionPolicy: 'Delete' }, { summary: 'Healthy' }, meta);
  const held = deps(f, { pending: ['graph-writer-feeds'] });
  const res = await reconcileFeed('news/hn', held.d);
  assert.deepEqual(res.wrote, ['status']);
  assert.equal(res.requeueAfterMs, 1000);
  const [own] = statusBodies(held.calls, 'tributary-operator');
  assert.equal(own?.summary, 'Deleting');
  assert.match(own?.conditions?.find((c) => c.type === 'Purged')?.message ?? '', /graph-writer-feeds/);
  const done = deps(f, { pending: [] });
  assert.deepEqual((await reconcileFeed('news/hn', done.d)).wrote, ['finalizer']);
});

test('steady state: a reconcile of what it wrote makes no writes', async () => {
  const f = feed();
  const first = deps(f);
  await reconcileFeed('news/hn', first.d);
  const cronJob = first.calls.find((c) => c.path.includes('/cronjobs/'))?.body as CronJob;
  const [own] = statusBodies(first.calls, 'tributary-operator');
  const job = first.calls.find((c) => c.verb === 'POST')?.body as Job;
  job.status = { active: 1 };
  const again = deps({ ...f, status: own as FeedStatus }, { cronJob, jobs: [job] });
  assert.deepEqual((await reconcileFeed('news/hn', again.d)).wrote, []);
});
