/**
 * The operator's NATS link: connected lazily (the controller runs without NATS; only finalizers
 * and status feedback need it), topology ensured once, and the feed.deleted publication that
 * gates finalizer removal on the JetStream ack.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { NatsConfig } from '@tributary/events';
import type { Feed } from '@tributary/feed-api';
import type { FetchQueue } from './feed/pooled.ts';
import { pendingPurges } from './feed/purge.ts';
import type { PurgeConsumerState } from './feed/purge.ts';

// Loaded on first use: the event schemas (compiled validators) and the NATS client cost memory
// and startup time that a standby replica, or a cluster without Delete-policy feeds, never needs.
const events = () => import('@tributary/events');

export class NatsLink {
  readonly config: NatsConfig;
  private conn: Promise<NatsConnection> | undefined;

  constructor(config: NatsConfig) {
    this.config = config;
  }

  /** Connects (and ensures the topology) on first use; a failed attempt is retried on the next call. */
  connection(): Promise<NatsConnection> {
    this.conn ??= (async () => {
      const { connectNats, ensureTopology } = await events();
      const nc = await connectNats(this.config, { name: 'tributary-operator', timeoutMs: 5000 });
      try {
        await ensureTopology(nc, { prefix: this.config.prefix, ...this.config.topology });
      } catch (err) {
        await nc.close();
        throw err;
      }
      return nc;
    })();
    this.conn.catch(() => (this.conn = undefined));
    return this.conn;
  }

  /**
   * Publishes feed.deleted (msgId dedups retries: a duplicate acks with the original sequence) and
   * reports which purge consumers have not acked it yet — none means both stores are purged.
   */
  async purgeFeed(feed: Feed, consumers: readonly string[]): Promise<{ pending: string[] }> {
    const seq = await this.publishFeedDeleted(feed);
    if (consumers.length === 0) return { pending: [] };
    const nc = await this.connection();
    const [{ topologyNames }, { jetstreamManager, JetStreamApiCodes, JetStreamApiError }] = await Promise.all(
      [events(), import('@nats-io/jetstream')],
    );
    const jsm = await jetstreamManager(nc);
    const stream = topologyNames(this.config.prefix).streams.FEEDS;
    const states: PurgeConsumerState[] = await Promise.all(
      consumers.map(async (name) => {
        try {
          const info = await jsm.consumers.info(stream, name);
          return { name, ackFloor: info.ack_floor.stream_seq };
        } catch (err) {
          if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)
            return { name };
          throw err;
        }
      }),
    );
    return { pending: pendingPurges(seq, states) };
  }

  /** Publishes feed.deleted; resolves with its stream sequence once the FEEDS stream stored it. */
  async publishFeedDeleted(feed: Feed): Promise<number> {
    const nc = await this.connection();
    const [{ createEvent, publishEvent, subjects }, { jetstream }] = await Promise.all([
      events(),
      import('@nats-io/jetstream'),
    ]);
    const uid = feed.metadata.uid ?? '';
    const event = createEvent('feed.deleted', {
      feed: { uid, namespace: feed.metadata.namespace ?? 'default', name: feed.metadata.name },
    });
    const ack = await publishEvent(jetstream(nc), subjects(this.config.prefix).feedDeleted(uid), event, {
      msgId: `feed.deleted:${uid}`,
      timeoutMs: 10_000,
    });
    return ack.seq;
  }

  /** The FETCHES work queue (pooled ingestion): the scheduler's publish and purge. */
  fetchQueue(): FetchQueue {
    return {
      publish: async (data, key) => {
        const nc = await this.connection();
        const [{ createEvent, fetchDueMsgId, publishEvent, subjects }, { jetstream }] = await Promise.all([
          events(),
          import('@nats-io/jetstream'),
        ]);
        await publishEvent(
          jetstream(nc),
          subjects(this.config.prefix).fetchDue(data.feed.uid),
          createEvent('feed.fetch-due', data),
          { msgId: fetchDueMsgId(data.feed.uid, key), timeoutMs: 10_000 },
        );
      },
      purge: async (uid) => {
        if (!uid) return;
        const nc = await this.connection();
        const [{ subjects, topologyNames }, { jetstreamManager }] = await Promise.all([
          events(),
          import('@nats-io/jetstream'),
        ]);
        const jsm = await jetstreamManager(nc);
        await jsm.streams.purge(topologyNames(this.config.prefix).fetchQueue.stream, {
          filter: subjects(this.config.prefix).fetchDue(uid),
        });
      },
    };
  }

  async close(): Promise<void> {
    const c = this.conn;
    this.conn = undefined;
    const nc = c && (await c.catch(() => undefined));
    if (nc) await (await events()).drainOrClose(nc);
  }
}
