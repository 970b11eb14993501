// The pooled ingest worker against real NATS JetStream and the fixture server: two replicas
// (in-process, each with its own connection) sharing the FETCHES work queue.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { createEvent, fetchDueMsgId, publishEvent, subjects, topologyNames } from '@tributary/events';
import type { FetchReason } from '@tributary/events';
import { Fetcher } from '@tributary/feeds/fetch';
import { createLogger } from '@tributary/log';
import { waitFor } from '@tributary/testkit';
import type { FeedRef } from '../src/config.ts';
import { runIngestWorker } from '../src/worker.ts';
import type { IngestWorkerOptions, IngestWorkerStats } from '../src/worker.ts';
import { harness } from './helpers.ts';
import type { Harness } from './helpers.ts';

let h: Harness;
before(async () => {
  h = await harness({ feeds: 12, items: 10 });
});
after(async () => {
  await h.close();
});

interface Replica {
  nc: NatsConnection;
  stop(): Promise<IngestWorkerStats>;
  /** A crash: the connection goes without draining, nothing in flight is acked. */
  kill(): Promise<void>;
}

async function replica(opts: Partial<IngestWorkerOptions> = {}): Promise<Replica> {
  const nc = await connect({ servers: h.env.NATS_URL });
  const fetcher = new Fetcher({ allowPrivateNetworks: true, perHostConcurrency: 8 });
  const stopping = new AbortController();
  let ready!: () => void;
  const bound = new Promise<void>((r) => (ready = r));
  const done = runIngestWorker({
    nc,
    natsPrefix: h.prefix,
    fetcher,
    logger: createLogger('ingest-worker-test'),
    signal: stopping.signal,
    storage: 'memory',
    onReady: ready,
    ...opts,
  });
  done.catch(() => undefined);
  await Promise.race([bound, done]);
  return {
    nc,
    async stop() {
      stopping.abort();
      const stats = await done;
      await fetcher.close();
      await nc.drain();
      return stats;
    },
    async kill() {
      stopping.abort();
      await nc.close();
      await done.catch(() => undefined);
      await fetcher.close();
    },
  };
}

const dueAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();

async function publishDue(
  feed: FeedRef,
  key: string | number,
  reason: FetchReason = 'scheduled',
  force = false,
) {
  const data = {
    feed: { ...feed, spec: feed.spec as unknown as { url: string } },
    dueAt,
    reason,
    force,
  };
  return publishEvent(
    jetstream(h.nc),
    subjects(h.prefix).fetchDue(feed.uid),
    createEvent('feed.fetch-due', data),
    {
      msgId: fetchDueMsgId(feed.uid, key),
    },
  );
}

const fetchesOf = (url: string) => h.server.requests.filter((r) => url.endsWith(r.url)).length;
const queued = async () =>
  (await h.jsm.streams.info(topologyNames(h.prefix).fetchQueue.stream)).state.messages;

describe('pooled ingest worker', () => {
  test('two replicas fetch each due fetch exactly once; a republished due time is dropped', async () => {
    const a = await replica({ concurrency: 4 });
    const b = await replica({ concurrency: 4 });
    const feeds = Array.from({ length: 8 }, (_, i) => h.feed(h.server.feedUrl(i, 'rss2')));
    for (const f of feeds) {
      assert.equal((await publishDue(f, Date.parse(dueAt))).duplicate, false);
      // The scheduler republishing the same due fetch (failover, retried reconcile).
      assert.equal((await publishDue(f, Date.parse(dueAt))).duplicate, true);
    }
    await waitFor(
      'the work',
      async () => (await queued()) === 0 && feeds.every((f) => fetchesOf(f.spec.url) >= 1),
      20_000,
    );
    for (const f of feeds) {
      assert.equal(fetchesOf(f.spec.url), 1, `${f.spec.url} fetched once`);
      assert.equal((await h.lastFetched(f)).data.outcome, 'updated');
      assert.equal(await h.itemCount(f), 10);
    }
    // A second due time of one feed, before it is due again: the fetch state skips it (not due).
    await publishDue(feeds[0]!, Date.parse(dueAt) + 1000);
    await waitFor(
      'the work',
      async () => (await h.lastFetched(feeds[0]!)).data.outcome === 'skipped',
      10_000,
    );
    assert.equal(fetchesOf(feeds[0]!.spec.url), 1);
    const [sa, sb] = await Promise.all([a.stop(), b.stop()]);
    assert.equal(sa.processed + sb.processed, 9);
    assert.ok(
      sa.processed > 0 && sb.processed > 0,
      `both replicas took work (${sa.processed}, ${sb.processed})`,
    );
  });

  test('the per-host limit holds across replicas', async () => {
    const a = await replica({ concurrency: 4, perHost: 1 });
    const b = await replica({ concurrency: 4, perHost: 1 });
    h.server.resetPeak();
    const feeds = Array.from({ length: 6 }, (_, i) =>
      h.feed(h.server.feedUrl(i, 'atom10', { delayMs: 200 })),
    );
    for (const f of feeds) await publishDue(f, 'host-limit', 'run-now', true);
    await waitFor(
      'the work',
      async () => (await queued()) === 0 && feeds.every((f) => fetchesOf(f.spec.url) === 1),
      30_000,
    );
    assert.equal(h.server.peakConcurrency, 1, 'one request to the host at a time, across both replicas');
    await Promise.all([a.stop(), b.stop()]);
  });

  test('a replica killed mid-fetch loses nothing: the item is redelivered and one run wins', async () => {
    const slow = h.feed(h.server.feedUrl(10, 'json11', { delayMs: 1500 }), { fetch: { timeoutSeconds: 3 } });
    const a = await replica({ ackWaitMs: 1500, leaseMarginMs: 0 });
    await publishDue(slow, 'kill');
    await waitFor('the work', async () => fetchesOf(slow.spec.url) === 1, 10_000);
    await a.kill();
    const b = await replica({ ackWaitMs: 1500, leaseMarginMs: 0, claimedDelayMs: 500 });
    await waitFor('the work', async () => (await queued()) === 0, 30_000);
    const last = await h.lastFetched(slow);
    assert.equal(last.data.outcome, 'updated');
    assert.equal(await h.itemCount(slow), 10, 'every item once');
    assert.equal(fetchesOf(slow.spec.url), 2, 'the killed fetch and the redelivered one');
    const stats = await b.stop();
    assert.equal(stats.processed, 1);
  });

  test('SIGTERM drains: a fetch in flight finishes and is acked', async () => {
    const feed = h.feed(h.server.feedUrl(11, 'rss2', { delayMs: 500 }));
    const a = await replica();
    await publishDue(feed, 'drain');
    await waitFor('the work', async () => fetchesOf(feed.spec.url) === 1, 10_000);
    const stats = await a.stop();
    assert.equal(stats.processed, 1);
    assert.equal((await h.lastFetched(feed)).data.outcome, 'updated');
    assert.equal(await queued(), 0);
  });
});
