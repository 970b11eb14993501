// The local job runner against the real apiserver: Jobs from CronJobs (manual and scheduled),
// env from ConfigMaps/Secrets, status, backoffLimit, deadlines, history limits, and `feed run`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import type { CronJob, Job } from '@tributary/k8s';
import {
  createObject,
  CREATED_BY_ANNOTATION,
  getIfExists,
  jobFromCronJob,
  KubeClient,
  listAll,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  resources,
} from '@tributary/k8s';
import { startRunner } from '../src/runner/runner.ts';
import type { RunnerHandle } from '../src/runner/runner.ts';
import { startOperator } from '../src/operator.ts';
import type { OperatorHandle } from '../src/operator.ts';
import { TRIBUTARY_BIN } from '../src/runner/plan.ts';
import { applyFeed, getCronJob, log, testConfig, waitFor } from './helpers.ts';

describe('local job runner', () => {
  let env: StackEnv;
  let ns: string;
  let client: KubeClient;
  let runner: RunnerHandle;
  let logDir: string;

  before(async () => {
    env = await useStack({ servers: ['etcd', 'kube-apiserver'] });
    ns = await env.createNamespace();
    client = new KubeClient(env.kubeConfig());
    logDir = mkdtempSync(join(tmpdir(), 'runner-test-'));
    await createObject(client, resources.configMaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ingest-cfg', namespace: ns },
      data: { X: 'from-configmap' },
    } as never);
    await createObject(client, resources.secrets, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: ns },
      stringData: { headers: '{"Authorization":"Bearer t"}' },
    } as never);
    runner = await startRunner({ client, log, namespaces: [ns], logDir, killGraceMs: 500 });
  });

  after(async () => {
    await runner?.stop();
    await env?.cleanup();
  });

  function cronJob(
    name: string,
    script: string,
    over: Partial<CronJob['spec']> = {},
    jobOver: Record<string, unknown> = {},
  ): CronJob {
    const labels = { [MANAGED_BY_LABEL]: MANAGED_BY };
    return {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: ns, labels },
      spec: {
        schedule: '0 0 1 1 *',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 0,
            ...jobOver,
            template: {
              metadata: { labels },
              spec: {
                restartPolicy: 'Never',
                containers: [
                  {
                    name: 'c',
                    image: 'unused-locally',
                    command: ['/bin/sh', '-c', script],
                    envFrom: [{ configMapRef: { name: 'ingest-cfg' } }],
                    env: [{ name: 'H', valueFrom: { secretKeyRef: { name: 'creds', key: 'headers' } } }],
                  },
                ],
              },
            },
          },
        },
        ...over,
      },
    };
  }

  async function runManual(cj: CronJob, name: string): Promise<Job> {
    await createObject(client, resources.jobs, jobFromCronJob(cj, { name, manual: true }));
    return waitFor(
      `job ${name} finished`,
      async () => {
        const j = await getIfExists<Job>(client, resources.jobs, ns, name);
        return (
          j?.status?.conditions?.some(
            (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
          ) && j
        );
      },
      60_000,
    );
  }

  test('a Job made from a CronJob runs with env from ConfigMap and Secret and records its status', async () => {
    const cj = await createObject(
      client,
      resources.cronJobs,
      cronJob('echo', 'echo "cm=$X hdr=$H"; test "$X" = from-configmap'),
    );
    const job = await runManual(cj, 'echo-1');
    assert.equal(job.status?.succeeded, 1);
    assert.ok(job.status?.startTime && job.status.completionTime);
    assert.ok(Date.parse(job.status.completionTime) >= Date.parse(job.status.startTime));
    assert.deepEqual(
      job.status?.conditions?.map((c) => c.type),
      ['SuccessCriteriaMet', 'Complete'],
    );
    assert.equal(job.metadata.ownerReferences?.[0]?.uid, cj.metadata.uid);
    assert.match(
      readFileSync(join(logDir, `${ns}_echo-1.log`), 'utf8'),
      /cm=from-configmap hdr=\{"Authorization":"Bearer t"\}/,
    );
  });

  test('history limits keep only the newest finished Jobs', async () => {
    const cj = (await getIfExists<CronJob>(client, resources.cronJobs, ns, 'echo')) as CronJob;
    await runManual(cj, 'echo-2');
    await runManual(cj, 'echo-3');
    const names = await waitFor('pruned history', async () => {
      const jobs = (await listAll<Job>(client, resources.jobs, { namespace: ns })).items.filter((j) =>
        j.metadata.name.startsWith('echo-'),
      );
      return jobs.length === 1 && jobs.map((j) => j.metadata.name);
    });
    assert.deepEqual(names, ['echo-3']);
  });

  test('a failing command is retried up to backoffLimit, then the Job is Failed', async () => {
    const cj = await createObject(
      client,
      resources.cronJobs,
      cronJob('fails', 'echo attempt; exit 3', {}, { backoffLimit: 1 }),
    );
    const job = await runManual(cj, 'fails-1');
    assert.equal(job.status?.failed, 2);
    assert.equal(job.status?.conditions?.find((c) => c.type === 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(readFileSync(join(logDir, `${ns}_fails-1.log`), 'utf8').match(/attempt/g)?.length, 2);
  });

  test('activeDeadlineSeconds stops a job that runs too long', async () => {
    const cj = await createObject(
      client,
      resources.cronJobs,
      cronJob('slow', 'sleep 30', {}, { activeDeadlineSeconds: 1 }),
    );
    const t0 = Date.now();
    const job = await runManual(cj, 'slow-1');
    assert.equal(job.status?.conditions?.find((c) => c.type === 'Failed')?.reason, 'DeadlineExceeded');
    assert.ok(Date.now() - t0 < 15_000);
  });

  test('the schedule fires: a Job named <cronjob>-<minute> is created and run', async () => {
    await createObject(
      client,
      resources.cronJobs,
      cronJob('every-minute', 'echo tick', { schedule: '* * * * *' }),
    );
    const job = await waitFor(
      'scheduled job',
      async () => {
        const jobs = (await listAll<Job>(client, resources.jobs, { namespace: ns })).items;
        return jobs.find((j) => /^every-minute-\d+$/.test(j.metadata.name) && j.status?.succeeded === 1);
      },
      75_000,
      undefined,
      1000,
    );
    assert.ok(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']);
    const cj = await getCronJob(client, ns, 'every-minute');
    assert.ok(cj?.status?.lastScheduleTime, 'lastScheduleTime recorded');
  });

  test('`tributary feed run NS/NAME` creates a manual Job from the Feed’s CronJob, which the runner executes', async () => {
    const op: OperatorHandle = await startOperator({
      client,
      config: testConfig(ns, { statusFeedback: false }),
      nats: { servers: ['nats://127.0.0.1:9'], prefix: '' },
      log,
    });
    try {
      await applyFeed(client, ns, 'manual', { url: 'http://127.0.0.1:9/feed.xml', schedule: '0 0 1 1 *' });
      await waitFor('CronJob feed-manual', () => getCronJob(client, ns, 'feed-manual'));
      const res = spawnSync(process.execPath, [TRIBUTARY_BIN, 'feed', 'run', `${ns}/manual`], {
        env: { ...process.env, KUBECONFIG: env.config.paths.kubeconfig },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(res.status, 0, res.stderr);
      const name = /job\.batch\/(\S+) created/.exec(res.stdout)?.[1];
      assert.ok(name, res.stdout);
      const job = await waitFor(
        'manual job ran',
        async () => {
          const j = await getIfExists<Job>(client, resources.jobs, ns, name);
          return (
            j?.status?.conditions?.some(
              (c) => c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed'),
            ) && j
          );
        },
        60_000,
      );
      assert.equal(job.metadata.annotations?.[CREATED_BY_ANNOTATION], 'manual');
      assert.deepEqual(job.spec.template.spec.containers[0]?.args, [
        'ingest',
        '--feed',
        `${ns}/manual`,
        '--force',
      ]);
      assert.ok(job.status?.startTime, 'the runner started it');
      // The child ran this checkout's ingestor, which read the Feed from the TRIBUTARY_FEED env.
      assert.match(
        readFileSync(join(logDir, `${ns}_${name}.log`), 'utf8'),
        new RegExp(`"feed":"${ns}/manual"`),
      );
    } finally {
      await op.stop();
    }
  });
});
