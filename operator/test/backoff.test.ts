// A failing reconcile backs off: with NATS unreachable a Delete-policy Feed cannot be finalized,
// so its reconcile fails; retries come at growing intervals and the finalizer stays.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { deleteObject, KubeClient, mergePatch } from '@tributary/k8s';
import { FEED_FINALIZER, feedResource } from '@tributary/feed-api';
import { startOperator } from '../src/operator.ts';
import type { OperatorHandle } from '../src/operator.ts';
import { applyFeed, getFeed, log, metricValue, scrape, testConfig, waitFor } from './helpers.ts';

describe('reconcile backoff', () => {
  let env: StackEnv;
  let ns: string;
  let client: KubeClient;
  let op: OperatorHandle;

  before(async () => {
    env = await useStack({ servers: ['etcd', 'kube-apiserver'] });
    ns = await env.createNamespace();
    client = new KubeClient(env.kubeConfig());
    // Port 9 (discard) on loopback: nothing listens, connects fail fast.
    op = await startOperator({
      client,
      config: testConfig(ns, { statusFeedback: false }),
      nats: { servers: ['nats://127.0.0.1:9'], prefix: 'nobody' },
      log,
    });
  });

  after(async () => {
    await op?.stop();
    // Nothing can finalize it now: drop the finalizer so the namespace can go.
    await mergePatch(client, feedResource, ns, 'stuck', { metadata: { finalizers: null } }).catch(
      () => undefined,
    );
    await env?.cleanup();
  });

  test('retries of a failing reconcile are spaced by a growing per-key backoff; the finalizer is kept', async () => {
    await applyFeed(client, ns, 'stuck', {
      url: 'https://example.org/s.xml',
      interval: '1h',
      deletionPolicy: 'Delete',
    });
    await waitFor('finalizer', async () =>
      (await getFeed(client, ns, 'stuck'))?.metadata.finalizers?.includes(FEED_FINALIZER),
    );
    await deleteObject(client, feedResource, ns, 'stuck');
    const samples: { t: number; errors: number }[] = [];
    const t0 = Date.now();
    // Sample the error counter for ~8 s: with 5 ms doubling, retries thin out quickly.
    while (Date.now() - t0 < 8000) {
      samples.push({
        t: Date.now() - t0,
        errors: metricValue(await scrape(op.metricsPort), 'controller_runtime_reconcile_errors_total'),
      });
      await new Promise((r) => setTimeout(r, 250));
    }
    const total = samples.at(-1)?.errors ?? 0;
    const firstHalf = samples.filter((s) => s.t < 4000).at(-1)?.errors ?? 0;
    assert.ok(total >= 3, `reconcile failed ${total} times`);
    assert.ok(total < 30, `no hot loop: ${total} failures in 8 s`);
    assert.ok(
      total - firstHalf <= firstHalf,
      `retries slow down: ${firstHalf} in the first 4 s, ${total - firstHalf} in the next 4 s`,
    );
    const text = await scrape(op.metricsPort);
    assert.ok(metricValue(text, 'workqueue_retries_total', { name: 'feed' }) >= total);
    const feed = await getFeed(client, ns, 'stuck');
    assert.ok(feed?.metadata.deletionTimestamp, 'deletion pending');
    assert.deepEqual(
      feed?.metadata.finalizers,
      [FEED_FINALIZER],
      'finalizer kept until feed.deleted is acknowledged',
    );
  });
});
