import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, Job } from '@tributary/k8s';
import { containerArgv, finishedStatus, jobsToPrune, mayStart, scheduledJobName } from './plan.ts';

const cj: CronJob = {
  metadata: { name: 'feed-a', namespace: 'ns', uid: 'cj-uid' },
  spec: {
    schedule: '* * * * *',
    concurrencyPolicy: 'Forbid',
    successfulJobsHistoryLimit: 1,
    failedJobsHistoryLimit: 2,
    jobTemplate: { spec: { template: { spec: { containers: [] } } } },
  },
};
const owner = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'feed-a', uid: 'cj-uid', controller: true }];

function job(name: string, state: 'running' | 'ok' | 'failed', minute: number): Job {
  const end = new Date(Date.UTC(2026, 0, 1, 0, minute));
  return {
    metadata: { name, namespace: 'ns', ownerReferences: owner, creationTimestamp: end.toISOString() },
    spec: { template: { spec: { containers: [] } } },
    ...(state === 'running'
      ? { status: { active: 1 } }
      : {
          status: finishedStatus(
            end,
            end,
            state === 'ok',
            state === 'ok' ? 0 : 1,
            'BackoffLimitExceeded',
            '',
          ),
        }),
  };
}

test('job names follow the CronJob controller: <cronjob>-<minutes since epoch>', () => {
  assert.equal(
    scheduledJobName('feed-a', new Date('2026-01-01T00:15:00Z')),
    `feed-a-${Date.UTC(2026, 0, 1, 0, 15) / 60_000}`,
  );
});

test('the image entrypoint `tributary` resolves to this checkout with the current node', () => {
  assert.deepEqual(containerArgv({ args: ['ingest', '--feed', 'ns/a'] }, '/node', '/repo/bin/tributary.js'), [
    '/node',
    '/repo/bin/tributary.js',
    'ingest',
    '--feed',
    'ns/a',
  ]);
  assert.deepEqual(containerArgv({ command: ['tributary', 'ingest'], args: ['--force'] }, '/node', '/b.js'), [
    '/node',
    '/b.js',
    'ingest',
    '--force',
  ]);
  assert.deepEqual(containerArgv({ command: ['/bin/sh', '-c', 'exit 0'] }, '/node', '/b.js'), [
    '/bin/sh',
    '-c',
    'exit 0',
  ]);
});

test('Forbid: no new job while one runs; suspend stops everything', () => {
  assert.deepEqual(mayStart(cj, [job('j1', 'ok', 1)]), { ok: true });
  assert.equal(mayStart(cj, [job('j1', 'running', 1)]).ok, false);
  assert.equal(mayStart({ ...cj, spec: { ...cj.spec, suspend: true } }, []).ok, false);
  assert.equal(
    mayStart({ ...cj, spec: { ...cj.spec, concurrencyPolicy: 'Allow' } }, [job('j1', 'running', 1)]).ok,
    true,
  );
});

test('history limits keep the newest successful and failed jobs', () => {
  const jobs = [
    job('ok1', 'ok', 1),
    job('ok2', 'ok', 2),
    job('ok3', 'ok', 3),
    job('f1', 'failed', 4),
    job('f2', 'failed', 5),
    job('f3', 'failed', 6),
    job('run', 'running', 7),
  ];
  assert.deepEqual(
    jobsToPrune(cj, jobs)
      .map((j) => j.metadata.name)
      .sort(),
    ['f1', 'ok1', 'ok2'],
  );
});

test('a just-finished job counts as newest when completion times tie (second precision)', () => {
  const a = job('a', 'ok', 1);
  const b = job('b', 'ok', 1);
  assert.deepEqual(
    jobsToPrune(cj, [b, a], 'a').map((j) => j.metadata.name),
    ['b'],
  );
  assert.deepEqual(
    jobsToPrune(cj, [a, b], 'b').map((j) => j.metadata.name),
    ['a'],
  );
});

test('terminal statuses carry the conditions the apiserver requires before Complete/Failed', () => {
  const ok = finishedStatus(new Date(0), new Date(1000), true, 0, '', '');
  assert.deepEqual(
    ok.conditions?.map((c) => c.type),
    ['SuccessCriteriaMet', 'Complete'],
  );
  assert.equal(ok.succeeded, 1);
  const bad = finishedStatus(new Date(0), new Date(1000), false, 2, 'BackoffLimitExceeded', 'x');
  assert.deepEqual(
    bad.conditions?.map((c) => c.type),
    ['FailureTarget', 'Failed'],
  );
  assert.equal(bad.failed, 2);
});
