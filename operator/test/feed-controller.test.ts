// The Feed controller against the real apiserver: CronJobs, ownerReferences, status, events,
// CRD validation, zero-write resync, garbage collection of a deleted Feed's CronJob (the real
// controller-manager of the node stack) and the finalizer flow (real NATS).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { connectNats, ensureTopology, topologyNames } from '@tributary/events';
import { ApiError, deleteObject, KubeClient, listAll, resourcePath, resources } from '@tributary/k8s';
import { FEED_FINALIZER, feedResource } from '@tributary/feed-api';
import type { Job } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { isFinished } from '../src/feed/job-status.ts';
import { startOperator } from '../src/operator.ts';
import type { OperatorHandle } from '../src/operator.ts';
import {
  applyFeed,
  getCronJob,
  getFeed,
  listEvents,
  log,
  metricValue,
  readyCondition,
  scrape,
  testConfig,
  waitFor,
} from './helpers.ts';

describe('feed controller', () => {
  let env: StackEnv;
  let ns: string;
  let client: KubeClient;
  let op: OperatorHandle;
  const RESYNC_MS = 1500;

  before(async () => {
    env = await useStack({ servers: ['etcd', 'kube-apiserver', 'nats'] });
    ns = await env.createNamespace();
    client = new KubeClient(env.kubeConfig());
    const nats = { servers: [env.NATS_URL], prefix: env.natsPrefix };
    op = await startOperator({
      client,
      // No runs of its own: this suite is about objects and writes (runs.test.ts covers runs).
      config: testConfig(ns, { resyncMs: RESYNC_MS, statusFeedback: false, startRuns: false }),
      nats,
      log,
    });
    await waitFor('leadership', async () => op.isLeader());
  });

  after(async () => {
    // Feeds must not keep finalizers past the operator's life (nothing would remove them).
    await op?.stop();
    await env?.cleanup();
  });

  test('a Feed gets a CronJob owned by it, Ready=True status and a CronJobCreated event', async () => {
    await applyFeed(client, ns, 'alpha', {
      url: 'https://example.org/alpha.xml',
      interval: '15m',
      tags: ['tech'],
    });
    const cj = await waitFor('CronJob feed-alpha', () => getCronJob(client, ns, 'feed-alpha'));
    const feed = await waitFor('Ready status', async () => {
      const f = await getFeed(client, ns, 'alpha');
      return readyCondition(f)?.status === 'True' && f;
    });
    assert.deepEqual(cj.metadata.ownerReferences, [
      {
        apiVersion: 'tributary.dev/v1alpha1',
        kind: 'Feed',
        name: 'alpha',
        uid: feed.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.match(cj.spec.schedule, /^\d+-59\/15 \* \* \* \*$/);
    assert.equal(cj.spec.concurrencyPolicy, 'Forbid');
    assert.deepEqual(cj.spec.jobTemplate.spec.template.spec.containers[0]?.args, [
      'ingest',
      '--feed',
      `${ns}/alpha`,
    ]);
    assert.equal(feed.status?.observedGeneration, feed.metadata.generation);
    assert.equal(feed.status?.cronJobName, 'feed-alpha');
    assert.equal(feed.status?.schedule, cj.spec.schedule);
    assert.ok(Date.parse(feed.status?.nextFetchTime ?? '') > Date.now() - 1000);
    assert.equal(readyCondition(feed)?.reason, 'CronJobReady');
    const events = await waitFor('CronJobCreated event', async () =>
      (await listEvents(client, ns)).find(
        (e) => e.reason === 'CronJobCreated' && e.involvedObject.name === 'alpha',
      ),
    );
    assert.equal(events.type, 'Normal');
  });

  test('patching the Feed updates the CronJob, observedGeneration and records CronJobUpdated', async () => {
    await applyFeed(client, ns, 'beta', { url: 'https://example.org/beta.xml', schedule: '0 * * * *' });
    await waitFor('CronJob feed-beta', () => getCronJob(client, ns, 'feed-beta'));
    const patched = await applyFeed(client, ns, 'beta', {
      url: 'https://example.org/beta.xml',
      schedule: '*/5 * * * *',
      suspend: true,
    });
    const cj = await waitFor('updated CronJob', async () => {
      const c = await getCronJob(client, ns, 'feed-beta');
      return c?.spec.schedule === '*/5 * * * *' && c;
    });
    assert.equal(cj.spec.suspend, true);
    const feed = await waitFor('observedGeneration', async () => {
      const f = await getFeed(client, ns, 'beta');
      return f?.status?.observedGeneration === patched.metadata.generation && f;
    });
    assert.equal(readyCondition(feed)?.reason, 'Suspended');
    assert.equal(feed.status?.nextFetchTime, undefined, 'no next fetch while suspended');
    await waitFor('CronJobUpdated event', async () =>
      (await listEvents(client, ns)).some(
        (e) => e.reason === 'CronJobUpdated' && e.involvedObject.name === 'beta',
      ),
    );
  });

  test('invalid specs are rejected at apply time with readable messages', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { url: 'ftp://example.org/feed', interval: '15m' },
        /spec\.url must be an absolute http:\/\/ or https:\/\/ URL/,
      ],
      [
        { url: 'https://example.org/feed', interval: '15m', schedule: '* * * * *' },
        /exactly one of spec\.schedule or spec\.interval must be set/,
      ],
      [{ url: 'https://example.org/feed' }, /exactly one of spec\.schedule or spec\.interval/],
      [
        { url: 'https://example.org/feed', schedule: '61 * * * *' },
        /spec\.schedule must be a 5-field cron expression/,
      ],
      [
        { url: 'https://example.org/feed', schedule: 'every hour' },
        /spec\.schedule must be a 5-field cron expression/,
      ],
      [
        { url: 'https://example.org/feed', interval: '10s' },
        /spec\.interval must be a duration between 1m and 168h/,
      ],
      [
        // Cron cannot keep 90 minutes: refused with what to use instead (docs/feeds.md).
        { url: 'https://example.org/feed', interval: '90m' },
        /spec\.interval must divide the hour or the day .*use spec\.schedule/,
      ],
      [
        { url: 'https://example.org/feed', interval: '1h', deletionPolicy: 'Sometimes' },
        /Unsupported value: "Sometimes"/,
      ],
      [
        { url: 'https://example.org/feed', interval: '1h', rules: [{ action: 'Drop', field: 'title' }] },
        /a rule needs exactly one of contains or regex/,
      ],
      [
        {
          url: 'https://example.org/feed',
          interval: '1h',
          rules: [{ action: 'Drop', field: 'title', contains: 'a', regex: 'b' }],
        },
        /a rule needs exactly one of contains or regex/,
      ],
      [
        {
          url: 'https://example.org/feed',
          interval: '1h',
          rules: [{ action: 'Tag', field: 'title', contains: 'a' }],
        },
        /tags is required for action Tag and allowed only there/,
      ],
      [
        {
          url: 'https://example.org/feed',
          interval: '1h',
          rules: [{ action: 'Drop', field: 'title', contains: 'a', tags: ['x'] }],
        },
        /tags is required for action Tag and allowed only there/,
      ],
      [
        {
          url: 'https://example.org/feed',
          interval: '1h',
          rules: [{ action: 'Hide', field: 'title', contains: 'a' }],
        },
        /Unsupported value: "Hide"/,
      ],
      [
        {
          url: 'https://example.org/feed',
          interval: '1h',
          rules: [{ action: 'Drop', field: 'body', contains: 'a' }],
        },
        /Unsupported value: "body"/,
      ],
    ];
    for (const [spec, message] of cases) {
      const err = await applyFeed(client, ns, 'invalid', spec).then(
        () => assert.fail(`accepted ${JSON.stringify(spec)}`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ApiError && err.statusCode === 422, String(err));
      assert.match(err.message, message);
    }
  });

  test('a rule CEL cannot check (regex syntax): RulesValid=False naming it + Warning event; the fix clears it', async () => {
    const rules = [
      { action: 'Drop', field: 'title', contains: 'sponsored' },
      { name: 'lookbehind', action: 'Drop', field: 'title', regex: '(?<=Ad: )x' },
    ];
    await applyFeed(client, ns, 'ruled', { url: 'https://example.org/r.xml', interval: '1h', rules });
    const rulesValid = (f: Feed | undefined) => f?.status?.conditions?.find((c) => c.type === 'RulesValid');
    const feed = await waitFor('RulesValid=False', async () => {
      const f = await getFeed(client, ns, 'ruled');
      return rulesValid(f)?.status === 'False' && f;
    });
    assert.equal(rulesValid(feed)?.reason, 'InvalidRule');
    assert.match(rulesValid(feed)?.message ?? '', /1 of 2 rules skipped .*lookbehind: regex: /);
    assert.equal(readyCondition(feed)?.status, 'True', 'the CronJob still runs the good rules');
    await waitFor('InvalidRule event', async () =>
      (await listEvents(client, ns)).some(
        (e) => e.reason === 'InvalidRule' && e.type === 'Warning' && e.involvedObject.name === 'ruled',
      ),
    );
    await applyFeed(client, ns, 'ruled', {
      url: 'https://example.org/r.xml',
      interval: '1h',
      rules: [rules[0], { name: 'prefix', action: 'Drop', field: 'title', regex: '^Ad: ' }],
    });
    await waitFor(
      'RulesValid=True',
      async () => rulesValid(await getFeed(client, ns, 'ruled'))?.status === 'True',
    );
  });

  test('a cron that passes the schema but never fires: Ready=False InvalidSpec + Warning event, no CronJob', async () => {
    await applyFeed(client, ns, 'never', { url: 'https://example.org/n.xml', schedule: '0 0 30 2 *' });
    const feed = await waitFor('InvalidSpec', async () => {
      const f = await getFeed(client, ns, 'never');
      return readyCondition(f)?.reason === 'InvalidSpec' && f;
    });
    assert.equal(readyCondition(feed)?.status, 'False');
    assert.match(readyCondition(feed)?.message ?? '', /never fires/);
    assert.equal(await getCronJob(client, ns, 'feed-never'), undefined);
    await waitFor('InvalidSpec event', async () =>
      (await listEvents(client, ns)).some((e) => e.reason === 'InvalidSpec' && e.type === 'Warning'),
    );
  });

  test('a steady-state resync makes no writes (resourceVersions unchanged)', async () => {
    await applyFeed(client, ns, 'steady', { url: 'https://example.org/s.xml', interval: '1h' });
    await waitFor(
      'steady Ready',
      async () => readyCondition(await getFeed(client, ns, 'steady'))?.status === 'True',
    );
    await new Promise((r) => setTimeout(r, 1000)); // let the echo of our own status write settle
    // A fire time passing inside the window legitimately advances status.nextFetchTime (a write):
    // start the window after any imminent fire of the namespace's Feeds, once that write settled.
    const windowMs = RESYNC_MS * 3 + 5000;
    const feeds = await client.get<{ items: Feed[] }>(resourcePath(feedResource, { namespace: ns }));
    const imminent = feeds.items
      .map((f) => Date.parse(f.status?.nextFetchTime ?? ''))
      .filter((t) => t > Date.now() && t < Date.now() + windowMs);
    if (imminent.length > 0)
      await new Promise((r) => setTimeout(r, Math.max(...imminent) - Date.now() + 2000));
    // A run that fails is recorded on its Feed (a write): start once no run of a fire is active
    // (the test image cannot be pulled, so each run fails at its deadline, minutes later).
    await waitFor(
      'no active Job',
      async () =>
        (await listAll<Job>(client, resources.jobs, { namespace: ns })).items.every((j) => isFinished(j)),
      240_000,
    );
    await new Promise((r) => setTimeout(r, 2000)); // the failure's status write settles
    const names = ['alpha', 'steady'];
    const before = await Promise.all(
      names.map(async (n) => [
        (await getFeed(client, ns, n))?.metadata.resourceVersion,
        (await getCronJob(client, ns, `feed-${n}`))?.metadata.resourceVersion,
      ]),
    );
    const reconcilesBefore = metricValue(await scrape(op.metricsPort), 'controller_runtime_reconcile_total');
    const writesBefore = metricValue(await scrape(op.metricsPort), 'rest_client_requests_total', {
      method: 'PATCH',
    });
    await new Promise((r) => setTimeout(r, RESYNC_MS * 3));
    const text = await scrape(op.metricsPort);
    assert.ok(
      metricValue(text, 'controller_runtime_reconcile_total') >= reconcilesBefore + 2 * names.length,
      'resyncs reconciled the feeds',
    );
    const afterRvs = await Promise.all(
      names.map(async (n) => [
        (await getFeed(client, ns, n))?.metadata.resourceVersion,
        (await getCronJob(client, ns, `feed-${n}`))?.metadata.resourceVersion,
      ]),
    );
    assert.deepEqual(afterRvs, before);
    assert.equal(
      metricValue(text, 'rest_client_requests_total', { method: 'PATCH' }),
      writesBefore,
      'no PATCH during resyncs',
    );
  });

  test('deleting a Feed (Retain): the garbage collector removes its CronJob', async () => {
    await applyFeed(client, ns, 'gamma', { url: 'https://example.org/g.xml', interval: '30m' });
    await waitFor('CronJob feed-gamma', () => getCronJob(client, ns, 'feed-gamma'));
    assert.equal(
      (await getFeed(client, ns, 'gamma'))?.metadata.finalizers,
      undefined,
      'no finalizer with Retain',
    );
    await deleteObject(client, feedResource, ns, 'gamma');
    await waitFor('CronJob gone', async () => (await getCronJob(client, ns, 'feed-gamma')) === undefined);
  });

  test('deletionPolicy Delete: finalizer added; on delete feed.deleted is published, the Feed stays until both stores purged it', async () => {
    const nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
    try {
      await ensureTopology(nc, { prefix: env.natsPrefix });
      // The two projections' durables on FEEDS (what the store and graph workers create); the test
      // acks for them, as a worker does after its purge committed.
      const jsm0 = await jetstreamManager(nc);
      const feedsStream = topologyNames(env.natsPrefix).streams.FEEDS;
      for (const durable of ['store-writer', 'graph-writer-feeds'])
        await jsm0.consumers.add(feedsStream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          filter_subject: `${env.natsPrefix}.tributary.feeds.deleted.>`,
        });
      const purgeAs = async (durable: string) => {
        const c = await jetstream(nc).consumers.get(feedsStream, durable);
        const m = await c.next({ expires: 5000 });
        assert.ok(m, `${durable} got feed.deleted`);
        await m.ackAck();
      };
      const purged = (f: Feed | undefined) => f?.status?.conditions?.find((c) => c.type === 'Purged');
      const created = await applyFeed(client, ns, 'delta', {
        url: 'https://example.org/d.xml',
        interval: '30m',
        deletionPolicy: 'Delete',
      });
      await waitFor('finalizer', async () =>
        (await getFeed(client, ns, 'delta'))?.metadata.finalizers?.includes(FEED_FINALIZER),
      );
      await deleteObject(client, feedResource, ns, 'delta');
      const pending = await waitFor('purge pending', async () => {
        const f = await getFeed(client, ns, 'delta');
        return purged(f)?.status === 'False' && f;
      });
      assert.equal(pending.status?.summary, 'Deleting');
      assert.equal(purged(pending)?.reason, 'PurgePending');
      assert.match(purged(pending)?.message ?? '', /store-writer, graph-writer-feeds/);
      assert.deepEqual(pending.metadata.finalizers, [FEED_FINALIZER], 'the finalizer holds');
      await purgeAs('store-writer');
      await waitFor('only the graph pending', async () => {
        const m = purged(await getFeed(client, ns, 'delta'))?.message ?? '';
        return !m.includes('store-writer') && m.includes('graph-writer-feeds');
      });
      assert.ok(await getFeed(client, ns, 'delta'), 'still held for the graph');
      await purgeAs('graph-writer-feeds');
      await waitFor('Feed gone', async () => (await getFeed(client, ns, 'delta')) === undefined);
      const jsm = await jetstreamManager(nc);
      const stream = topologyNames(env.natsPrefix).streams.FEEDS;
      const msg = await jsm.streams.getMessage(stream, {
        last_by_subj: `${env.natsPrefix}.tributary.feeds.deleted.${created.metadata.uid}`,
      });
      const event = msg?.json<{
        type: string;
        data: { feed: { uid: string; name: string; namespace: string } };
      }>();
      assert.equal(event?.type, 'feed.deleted');
      assert.deepEqual(event?.data.feed, { uid: created.metadata.uid, namespace: ns, name: 'delta' });
      // Switching the policy back to Retain removes the finalizer again.
      await applyFeed(client, ns, 'epsilon', {
        url: 'https://example.org/e.xml',
        interval: '30m',
        deletionPolicy: 'Delete',
      });
      await waitFor('finalizer', async () =>
        (await getFeed(client, ns, 'epsilon'))?.metadata.finalizers?.includes(FEED_FINALIZER),
      );
      await applyFeed(client, ns, 'epsilon', {
        url: 'https://example.org/e.xml',
        interval: '30m',
        deletionPolicy: 'Retain',
      });
      await waitFor(
        'finalizer removed',
        async () => !(await getFeed(client, ns, 'epsilon'))?.metadata.finalizers?.length,
      );
    } finally {
      await nc.close();
    }
  });

  test('metrics and probes are served on their own port', async () => {
    const text = await scrape(op.metricsPort);
    for (const name of [
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_time_seconds_bucket',
      'controller_runtime_active_workers',
      'workqueue_depth',
      'workqueue_adds_total',
      'workqueue_retries_total',
      'tributary_informer_watch_restarts_total',
      'leader_election_master_status',
    ]) {
      assert.ok(text.includes(name), `missing ${name}`);
    }
    assert.equal(metricValue(text, 'leader_election_master_status'), 1);
    assert.equal((await fetch(`http://127.0.0.1:${op.metricsPort}/healthz`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${op.metricsPort}/readyz`)).status, 200);
  });

  test('CronJob drift is repaired (someone edits the owned CronJob)', async () => {
    await applyFeed(client, ns, 'zeta', { url: 'https://example.org/z.xml', schedule: '0 * * * *' });
    await waitFor('CronJob feed-zeta', () => getCronJob(client, ns, 'feed-zeta'));
    const { mergePatch } = await import('@tributary/k8s');
    await mergePatch(client, resources.cronJobs, ns, 'feed-zeta', { spec: { schedule: '* * * * *' } });
    await waitFor(
      'schedule restored',
      async () => (await getCronJob(client, ns, 'feed-zeta'))?.spec.schedule === '0 * * * *',
    );
  });
});
