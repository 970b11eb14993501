// Shared set-up for the ingestor integration suites: a testkit NATS prefix, the topology, the
// fixture server, and small readers for what a run left behind.
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeEvent, ensureTopology, subjects, topologyNames } from '@tributary/events';
import { openFetchStateKv } from '../src/state-store.ts';
import type { FeedFetchedEvent } from '@tributary/events';
import { Fetcher } from '@tributary/feeds/fetch';
import type { FetcherOptions } from '@tributary/feeds/fetch';
import { startFixtureServer } from '@tributary/fixture-server';
import type { FixtureServer } from '@tributary/fixture-server';
import { createLogger } from '@tributary/log';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import type { FeedSpec } from '@tributary/feed-api';
import { runIngest } from '../src/run.ts';
import type { IngestDeps, IngestReport } from '../src/run.ts';
import type { FeedRef } from '../src/config.ts';

export interface Harness {
  env: StackEnv;
  nc: NatsConnection;
  jsm: JetStreamManager;
  kv: KV;
  server: FixtureServer;
  prefix: string;
  /** A Feed with a fresh uid pointing at `url`. */
  feed(url: string, spec?: Partial<FeedSpec>): FeedRef;
  run(
    feed: FeedRef,
    opts?: Partial<Omit<IngestDeps, 'fetcher'>> & { fetcher?: FetcherOptions },
  ): Promise<IngestReport>;
  /** Messages stored on this feed's item subject. */
  itemCount(feed: FeedRef): Promise<number>;
  /** The last feed.fetched event stored for this feed. */
  lastFetched(feed: FeedRef): Promise<FeedFetchedEvent>;
  /** Its traceparent header. */
  lastFetchedTraceparent(feed: FeedRef): Promise<string | undefined>;
  close(): Promise<void>;
}

export async function harness(fixture: { feeds?: number; items?: number } = {}): Promise<Harness> {
  const env = await useStack({ servers: ['nats'] });
  const prefix = env.natsPrefix;
  const nc = await connect({ servers: env.NATS_URL });
  await ensureTopology(nc, { prefix, storage: 'memory' });
  const kv = await openFetchStateKv(nc, prefix, { storage: 'memory' });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const server = await startFixtureServer({ feeds: fixture.feeds ?? 3, items: fixture.items ?? 10 });
  const names = topologyNames(prefix);
  const subj = subjects(prefix);
  process.env.LOG_LEVEL ??= 'warn';
  const log = createLogger('ingestor-test');
  const fetchers: Fetcher[] = [];
  const shared = new Fetcher({ allowPrivateNetworks: true });
  fetchers.push(shared);

  return {
    env,
    nc,
    jsm,
    kv,
    server,
    prefix,
    feed(url, spec = {}) {
      return {
        uid: randomUUID(),
        namespace: 'test',
        name: `feed-${randomUUID().slice(0, 8)}`,
        generation: 1,
        spec: { url, interval: '15m', ...spec } as FeedSpec,
      };
    },
    run(feed, opts = {}) {
      const { fetcher: fetcherOptions, ...rest } = opts;
      let fetcher = shared;
      if (fetcherOptions) {
        fetcher = new Fetcher(fetcherOptions);
        fetchers.push(fetcher);
      }
      return runIngest({ feed, headers: {}, js, kv, subjects: subj, log, ...rest, fetcher });
    },
    async itemCount(feed) {
      const info = await jsm.streams.info(names.streams.ITEMS, {
        subjects_filter: subj.itemUpserted(feed.uid),
      });
      return info.state.subjects?.[subj.itemUpserted(feed.uid)] ?? 0;
    },
    async lastFetched(feed) {
      const msg = await jsm.streams.getMessage(names.streams.FEEDS, {
        last_by_subj: subj.feedFetched(feed.uid),
      });
      if (!msg) throw new Error('no feed.fetched event');
      return decodeEvent(msg.data) as FeedFetchedEvent;
    },
    async lastFetchedTraceparent(feed) {
      const msg = await jsm.streams.getMessage(names.streams.FEEDS, {
        last_by_subj: subj.feedFetched(feed.uid),
      });
      return msg?.header.get('traceparent');
    },
    async close() {
      for (const f of fetchers) await f.close();
      await server.close();
      await nc.close();
      await env.cleanup();
    },
  };
}
