// Feed status feedback: feed.fetched events on the FEEDS stream → Feed status + Warning events,
// with bursts coalesced into few status writes (real NATS JetStream + apiserver).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { connectNats, createEvent, ensureTopology, publishEvent, subjects } from '@tributary/events';
import type { FeedFetchedData } from '@tributary/events';
import { KubeClient } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { startOperator } from '../src/operator.ts';
import { plannedNextFetch } from '../src/feed/schedule.ts';
import type { OperatorHandle } from '../src/operator.ts';
import {
  applyFeed,
  getFeed,
  listEvents,
  log,
  metricValue,
  readyCondition,
  scrape,
  testConfig,
  waitFor,
} from './helpers.ts';

describe('feed status feedback', () => {
  let env: StackEnv;
  let ns: string;
  let client: KubeClient;
  let op: OperatorHandle;
  let nc: NatsConnection;
  let feed: Feed;

  before(async () => {
    env = await useStack({ servers: ['etcd', 'kube-apiserver', 'nats'] });
    ns = await env.createNamespace();
    client = new KubeClient(env.kubeConfig());
    const nats = { servers: [env.NATS_URL], prefix: env.natsPrefix };
    nc = await connectNats(nats);
    await ensureTopology(nc, { prefix: env.natsPrefix });
    op = await startOperator({ client, config: testConfig(ns, { startRuns: false }), nats, log });
    await applyFeed(client, ns, 'news', { url: 'https://example.org/news.xml', interval: '15m' });
    feed = await waitFor('Ready', async () => {
      const f = await getFeed(client, ns, 'news');
      return readyCondition(f)?.status === 'True' && f;
    });
  });

  after(async () => {
    await op?.stop();
    await nc?.close();
    await env?.cleanup();
  });

  function fetched(over: Partial<FeedFetchedData>): FeedFetchedData {
    return {
      feed: {
        uid: feed.metadata.uid ?? '',
        namespace: ns,
        name: 'news',
        url: 'https://example.org/news.xml',
      },
      startedAt: new Date(Date.now() - 1000).toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: 1000,
      outcome: 'updated',
      httpStatus: 200,
      bytes: 5000,
      itemsSeen: 10,
      itemsPublished: 10,
      lastItemTime: '2026-01-01T00:00:00.000Z',
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

  async function publish(data: FeedFetchedData) {
    await publishEvent(
      jetstream(nc),
      subjects(env.natsPrefix).feedFetched(data.feed.uid),
      createEvent('feed.fetched', data),
    );
  }

  test('a burst of successful fetches becomes status with cumulative itemCount in few writes', async () => {
    const patchesBefore = metricValue(await scrape(op.metricsPort), 'rest_client_requests_total', {
      method: 'PATCH',
    });
    const base = Date.now();
    for (let i = 0; i < 20; i++) {
      await publish(
        fetched({
          finishedAt: new Date(base + i * 1000).toISOString(),
          itemsPublished: 3,
          lastItemTime: new Date(base - 60_000 + i).toISOString(),
        }),
      );
    }
    const f = await waitFor('itemCount 60', async () => {
      const x = await getFeed(client, ns, 'news');
      return x?.status?.itemCount === 60 && x;
    });
    const healthy = f.status?.conditions?.find((c) => c.type === 'Healthy');
    assert.equal(healthy?.status, 'True');
    assert.equal(healthy?.reason, 'FetchSucceeded');
    assert.equal(f.status?.consecutiveFailures, 0);
    assert.equal(f.status?.lastError, '');
    assert.equal(f.status?.lastFetchTime, new Date(base + 19_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    assert.equal(f.status?.lastSuccessTime, f.status?.lastFetchTime);
    assert.ok(f.status?.lastItemTime);
    assert.equal(readyCondition(f)?.status, 'True', 'the reconciler’s Ready condition is kept');
    const patches =
      metricValue(await scrape(op.metricsPort), 'rest_client_requests_total', { method: 'PATCH' }) -
      patchesBefore;
    assert.ok(patches <= 4, `20 events took ${patches} status writes`);
  });

  test('a failed fetch sets Healthy=False, lastError, consecutiveFailures, a Warning FetchFailed event and nextFetchTime after the backoff', async () => {
    const backoffUntil = new Date(Date.now() + 2 * 3600_000).toISOString();
    await publish(
      fetched({
        finishedAt: new Date(Date.now() + 60_000).toISOString(),
        outcome: 'failed',
        httpStatus: 503,
        errorClass: 'HttpError',
        errorMessage: 'Service Unavailable',
        itemsPublished: 0,
        consecutiveFailures: 3,
        nextFetchAt: backoffUntil,
      }),
    );
    const f = await waitFor('Healthy=False', async () => {
      const x = await getFeed(client, ns, 'news');
      return x?.status?.conditions?.find((c) => c.type === 'Healthy')?.status === 'False' && x;
    });
    // One truthful next time: the first schedule tick the ingestor will not skip.
    const expected = plannedNextFetch(f.status?.schedule ?? '', new Date(), {
      dueTime: backoffUntil.replace(/\.\d{3}Z$/, 'Z'),
    });
    const shown = await waitFor('nextFetchTime after the backoff', async () => {
      const x = await getFeed(client, ns, 'news');
      return x?.status?.nextFetchTime === expected?.toISOString().replace(/\.\d{3}Z$/, 'Z') && x;
    });
    assert.equal(shown.status?.summary, 'Failing');
    assert.doesNotMatch(
      shown.status?.conditions?.find((c) => c.type === 'Healthy')?.message ?? '',
      /\d{2}:\d{2}/,
      'no second time in the message',
    );
    assert.equal(f.status?.consecutiveFailures, 3);
    assert.equal(f.status?.lastError, 'HttpError: Service Unavailable (HTTP 503)');
    assert.equal(f.status?.itemCount, 60);
    const ev = await waitFor('FetchFailed event', async () =>
      (await listEvents(client, ns)).find((e) => e.reason === 'FetchFailed'),
    );
    assert.equal(ev.type, 'Warning');
    assert.match(ev.message, /Service Unavailable/);
  });

  test('outcomes for an unknown or re-created feed (other uid) are acknowledged and ignored', async () => {
    await publish(
      fetched({
        feed: { uid: 'not-a-feed', namespace: ns, name: 'news', url: 'https://x' },
        finishedAt: new Date(Date.now() + 120_000).toISOString(),
        itemsPublished: 1000,
      }),
    );
    await publish(fetched({ finishedAt: new Date(Date.now() + 180_000).toISOString(), itemsPublished: 1 }));
    const f = await waitFor('itemCount 61', async () => {
      const x = await getFeed(client, ns, 'news');
      return x?.status?.itemCount === 61 && x;
    });
    assert.equal(f.status?.conditions?.find((c) => c.type === 'Healthy')?.status, 'True');
  });
});
