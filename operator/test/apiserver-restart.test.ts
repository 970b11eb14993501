// Restart kube-apiserver under a running operator: the watches recover and every change made
// after the restart is reconciled. Uses its OWN etcd + apiserver (libs/stack building blocks in a
// temporary state dir on offset ports), never the shared stack's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, stackDown, stackUp } from '@tributary/stack';
import type { StackConfig } from '@tributary/stack';
import { createObject, deleteObject, KubeClient, resources } from '@tributary/k8s';
import { feedResource } from '@tributary/feed-api';
import { startOperator } from '../src/operator.ts';
import type { OperatorHandle } from '../src/operator.ts';
import { applyFeed, getCronJob, log, metricValue, scrape, testConfig, waitFor } from './helpers.ts';

describe('kube-apiserver restart', () => {
  let cfg: StackConfig;
  let stateDir: string;
  let client: KubeClient;
  let op: OperatorHandle | undefined;
  const ns = 'restart';
  const say = (line: string) => console.error(`# own stack: ${line}`);

  before(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'tributary-restart-'));
    cfg = loadConfig({
      ...process.env,
      TRIBUTARY_STACK_DIR: stateDir,
      TRIBUTARY_STACK_PORT_OFFSET: '431',
      TRIBUTARY_NODE: '0',
    });
    await stackUp(cfg, ['etcd', 'kube-apiserver'], say);
    client = KubeClient.fromEnvironment(cfg.paths.kubeconfig);
    await createObject(client, resources.namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    } as never);
  });

  after(async () => {
    await op?.stop();
    if (cfg) await stackDown(cfg, ['etcd', 'kube-apiserver'], say);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  test('the operator converges on changes made after the apiserver came back', async () => {
    op = await startOperator({
      client,
      config: testConfig(ns, { statusFeedback: false, startRuns: false }),
      nats: { servers: ['nats://127.0.0.1:9'], prefix: '' },
      log,
      watchdogMs: 20_000,
    });
    for (const n of ['a', 'b', 'c'])
      await applyFeed(client, ns, n, { url: `https://example.org/${n}.xml`, schedule: '0 * * * *' });
    for (const n of ['a', 'b', 'c'])
      await waitFor(`CronJob feed-${n}`, () => getCronJob(client, ns, `feed-${n}`));

    await stackDown(cfg, ['kube-apiserver'], say);
    await stackUp(cfg, ['kube-apiserver'], say);

    // Changes right after the restart, while the operator's watches are still reconnecting.
    await applyFeed(client, ns, 'a', { url: 'https://example.org/a.xml', schedule: '*/10 * * * *' });
    await applyFeed(client, ns, 'd', { url: 'https://example.org/d.xml', schedule: '0 * * * *' });
    await deleteObject(client, feedResource, ns, 'b');

    await waitFor(
      'feed-a updated',
      async () => (await getCronJob(client, ns, 'feed-a'))?.spec.schedule === '*/10 * * * *',
      60_000,
    );
    await waitFor('feed-d created', () => getCronJob(client, ns, 'feed-d'), 60_000);
    // feed-b's CronJob is the garbage collector's to remove (this apiserver runs none; the node
    // stack's does, see feed-controller.test.ts): it stays owned by the deleted Feed, untouched.
    const orphan = await getCronJob(client, ns, 'feed-b');
    assert.equal(orphan?.metadata.ownerReferences?.[0]?.name, 'b');
    assert.ok(await getCronJob(client, ns, 'feed-c'), 'untouched feed kept its CronJob');
    const restarts = metricValue(await scrape(op.metricsPort), 'tributary_informer_watch_restarts_total', {
      resource: 'feeds',
    });
    assert.ok(restarts >= 1, `feed watch restarted ${restarts} times`);
    assert.ok(op.controller.synced());
  });
});
