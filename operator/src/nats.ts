/**
 * The operator's NATS link: connected lazily (the controller runs without NATS; only finalizers
 * and status feedback need it), topology ensured once, and the feed.deleted publication that
 * gates finalizer removal on the JetStream ack.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { NatsConfig } from '@tributary/events';
import type { Feed } from '@tributary/k8s';

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
        await ensureTopology(nc, { prefix: this.config.prefix });
      } catch (err) {
        await nc.close();
        throw err;
      }
      return nc;
    })();
    this.conn.catch(() => (this.conn = undefined));
    return this.conn;
  }

  /** Publishes feed.deleted; resolves once the FEEDS stream stored it (msgId dedups retries). */
  async publishFeedDeleted(feed: Feed): Promise<void> {
    const nc = await this.connection();
    const [{ createEvent, publishEvent, subjects }, { jetstream }] = await Promise.all([
      events(),
      import('@nats-io/jetstream'),
    ]);
    const uid = feed.metadata.uid ?? '';
    const event = createEvent('feed.deleted', {
      feed: { uid, namespace: feed.metadata.namespace ?? 'default', name: feed.metadata.name },
    });
    await publishEvent(jetstream(nc), subjects(this.config.prefix).feedDeleted(uid), event, {
      msgId: `feed.deleted:${uid}`,
      timeoutMs: 10_000,
    });
  }

  async close(): Promise<void> {
    const c = this.conn;
    this.conn = undefined;
    const nc = c && (await c.catch(() => undefined));
    if (nc) await (await events()).drainOrClose(nc);
  }
}
