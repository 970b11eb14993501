// Pooled ingestion end to end (real apiserver + NATS + fixture server): the operator schedules,
// two in-process ingest worker replicas fetch; Feed status looks as in cronjob mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats, ensureTopology } from '@tributary/events';
import { Fetcher } from '@tributary/feeds/fetch';
import { startFixtureServer } from '@tributary/fixture-server';
import type { FixtureServer } from '@tributary/fixture-server';
import { runIngestWorker } from '@tributary/ingestor';
import { KubeClient } from '@tributary/k8s';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { RUN_REQUESTED_ANNOTATION, triggerFeedRun } from '@tributary/feed-api';
import { startOperator } from '../src/operator.ts';
import type { OperatorHandle } from '../src/operator.ts';
import { applyFeed, getCronJob, getFeed, log, readyCondition, testConfig, waitFor } from './helpers.ts';

describe('pooled ingestion', () => {
  let env: StackEnv;
  let ns: string;
  let client: KubeClient;
  let server: FixtureServer;
  let nats: { servers: string[]; prefix: string };
  const workers: { stop: () => Promise<void> }[] = [];
  let op: OperatorHandle | undefined;

  async function worker(): Promise<void> {
    const nc: NatsConnection = await connectNats(nats);
    const fetcher = new Fetcher({ allowPrivateNetworks: true });
    const stopping = new AbortController();
    let ready!: () => void;
    const bound = new Promise<void>((r) => (ready = r));
    const done = runIngestWorker({
      nc,
      natsPrefix: nats.prefix,
      fetcher,
      logger: log,
      signal: stopping.signal,
      onReady: ready,
      adaptiveSchedule: false,
    });
    await Promise.race([bound, done]);
    workers.push({
      stop: async () => {
        stopping.abort();
        await done;
        await fetcher.close();
        await nc.drain();
      },
    });
  }

  const fetches = (feed: number) => server.requests.filter((r) => r.url === `/feeds/${feed}.rss2`).length;
  const start = async (mode: 'cronjob' | 'pooled') => {
    const base = testConfig(ns, { startRuns: mode === 'pooled' });
    op = await startOperator({ client, config: { ...base, ingest: { ...base.ingest, mode } }, nats, log });
  };

  before(async () => {
    env = await useStack({ servers: ['etcd', 'kube-apiserver', 'nats'] });
    ns = await env.createNamespace();
    client = new KubeClient(env.kubeConfig());
    nats = { servers: [env.NATS_URL], prefix: env.natsPrefix };
    const nc = await connectNats(nats);
    await ensureTopology(nc, { prefix: env.natsPrefix });
    await nc.close();
    server = await startFixtureServer({ feeds: 4, items: 5 });
    await worker();
    await worker();
  });

  after(async () => {
    await op?.stop();
    for (const w of workers) await w.stop();
    await server?.close();
    await env?.cleanup();
  });

  test('switching from cronjob mode deletes the CronJob; each Feed is fetched once, then on schedule', async () => {
    await start('cronjob');
    // Yearly while in cronjob mode: the node's CronJob controller must not start a Job meanwhile.
    const yearly = '0 0 1 1 *';
    await applyFeed(client, ns, 'a', { url: server.feedUrl(0, 'rss2'), schedule: yearly });
    await applyFeed(client, ns, 'b', { url: server.feedUrl(1, 'rss2'), schedule: yearly });
    await waitFor(
      'CronJobs',
      async () => (await getCronJob(client, ns, 'feed-a')) && (await getCronJob(client, ns, 'feed-b')),
    );
    await op!.stop();
    await start('pooled');
    const b = await waitFor('b fetched by the pool', async () => {
      const f = await getFeed(client, ns, 'b');
      return f?.status?.lastFetchTime && f.status.summary === 'Healthy' ? f : undefined;
    });
    assert.equal(await getCronJob(client, ns, 'feed-b'), undefined, 'CronJob deleted');
    assert.equal(b.status?.cronJobName, undefined);
    assert.equal(readyCondition(b)?.reason, 'Scheduled');
    assert.equal(b.status?.itemCount, 5);
    assert.equal(b.status?.summary, 'Healthy');
    assert.ok(
      b.status?.nextFetchTime && Date.parse(b.status.nextFetchTime) > Date.now(),
      'next fetch in the future',
    );
    assert.equal(fetches(1), 1, 'fetched once (initial), not twice');
    await applyFeed(client, ns, 'a', { url: server.feedUrl(0, 'rss2'), schedule: '* * * * *' });
    // 'a' fires every minute (adaptive schedule off in the workers): a scheduled fetch follows the first.
    await waitFor('a fetched on schedule', async () => fetches(0) >= 2, 90_000);
    assert.equal(fetches(1), 1, 'b is not due yet');
  });

  test('run now publishes a forced fetch; suspend stops fetching; a new URL is fetched at once', async () => {
    const before = fetches(1);
    const run = await triggerFeedRun(client, ns, 'b');
    assert.equal(run.kind, 'requested', 'pooled: a run request, no Job');
    await waitFor('run-now fetched', async () => fetches(1) === before + 1);
    await waitFor(
      'request handled',
      async () => !(await getFeed(client, ns, 'b'))?.metadata.annotations?.[RUN_REQUESTED_ANNOTATION],
    );
    await applyFeed(client, ns, 'a', {
      url: server.feedUrl(0, 'rss2'),
      schedule: '* * * * *',
      suspend: true,
    });
    const suspended = await waitFor('suspended', async () => {
      const f = await getFeed(client, ns, 'a');
      return readyCondition(f)?.reason === 'Suspended' && f;
    });
    assert.equal(suspended.status?.nextFetchTime, undefined);
    const a = fetches(0);
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(fetches(0) <= a + 1, 'at most a fetch already in flight');
    // A spec edit (a new URL) is fetched at once.
    await applyFeed(client, ns, 'b', { url: server.feedUrl(2, 'rss2'), schedule: '0 0 1 1 *' });
    await waitFor('new URL fetched', async () => fetches(2) === 1);
  });
});
