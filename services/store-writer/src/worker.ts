import type { NatsConnection } from '@nats-io/nats-core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Counter, register as defaultRegistry } from 'prom-client';
import type { Registry } from 'prom-client';
import { DependencyGate, DURABLES, ensureTopology, PoisonMessageError, runConsumer } from '@tributary/events';
import type { TopologyOptions } from '@tributary/events';
import type { BatchHandler, ConsumedEvent, ConsumerRunStats, RunConsumerOptions } from '@tributary/events';
import { createLogger } from '@tributary/log';
import type { Logger } from '@tributary/log';
import { STORE_WORKER_DEFAULTS } from './config.ts';
import { inOrder } from './in-order.ts';
import { inTransaction, writeFeeds, writeItems } from './writer.ts';

/** The durable consumer name on ITEMS and on FEEDS. */
export const STORE_CONSUMER = DURABLES.store;

export interface StoreWorkerOptions {
  nc: NatsConnection;
  natsPrefix?: string;
  /** The deployment's stream settings (TRIBUTARY_JETSTREAM_CONFIG); defaults when unset. */
  topology?: TopologyOptions;
  orm: MikroORM;
  batchSize?: number;
  concurrency?: number;
  signal: AbortSignal;
  registry?: Registry;
  logger?: Logger;
  /** Both consumers are bound (readiness). */
  onReady?: () => void;
  /** Delivery settings of the consumers (tests shorten them to make an outage outlast max_deliver). */
  consumer?: Pick<RunConsumerOptions, 'maxDeliver' | 'ackWaitMs' | 'nakDelaysMs'>;
  /** Probe delays while Postgres is down (tests shorten them); see CONSUMER_DEFAULTS.probeDelaysMs. */
  probeDelaysMs?: readonly number[];
  /** Test hook: runs inside the transaction after the writes, before commit. */
  beforeCommit?: (batch: readonly ConsumedEvent[]) => Promise<void>;
}

function storeMetrics(registry: Registry) {
  const existing = registry.getSingleMetric('tributary_store_items_total') as Counter<'result'> | undefined;
  return {
    items:
      existing ??
      new Counter({
        name: 'tributary_store_items_total',
        help: 'item.upserted events by what the upsert did (inserted, updated, unchanged, skipped = feed deleted)',
        labelNames: ['result'],
        registers: [registry],
      }),
    stories:
      (registry.getSingleMetric('tributary_store_story_assignments_total') as
        Counter<'result'> | undefined) ??
      new Counter({
        name: 'tributary_store_story_assignments_total',
        help: 'New or changed items by story assignment (founded = started a story, joined = joined one)',
        labelNames: ['result'],
        registers: [registry],
      }),
    runs:
      (registry.getSingleMetric('tributary_store_fetch_runs_total') as Counter | undefined) ??
      new Counter({
        name: 'tributary_store_fetch_runs_total',
        help: 'Fetch runs recorded',
        registers: [registry],
      }),
    purged:
      (registry.getSingleMetric('tributary_store_feeds_purged_total') as Counter | undefined) ??
      new Counter({
        name: 'tributary_store_feeds_purged_total',
        help: 'Feeds purged after feed.deleted',
        registers: [registry],
      }),
  };
}

/**
 * A Postgres data or constraint error caused by a single message can never succeed: dead-letter it.
 * In a larger batch it is rethrown so the runner bisects down to the culprit.
 */
function poisonIfData(err: unknown, batchSize: number): unknown {
  const code = (err as { code?: unknown }).code;
  if (batchSize === 1 && typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))) {
    return new PoisonMessageError(`postgres ${code}: ${(err as Error).message}`, { cause: err });
  }
  return err;
}

/**
 * Projects ITEMS (items, authors, categories) and FEEDS (fetch runs, feed state, deletions) into
 * Postgres until `signal` aborts. One transaction per batch; messages are acked after it commits.
 */
export async function runStoreWorker(
  o: StoreWorkerOptions,
): Promise<{ items: ConsumerRunStats; feeds: ConsumerRunStats }> {
  const log = o.logger ?? createLogger('store-writer');
  const registry = o.registry ?? defaultRegistry;
  const m = storeMetrics(registry);
  const prefix = o.natsPrefix ?? '';
  await ensureTopology(o.nc, { prefix, ...o.topology });

  // In stream order: story assignment must see the earlier batches (see in-order.ts).
  const writeInOrder = inOrder((batch: readonly ConsumedEvent[]) =>
    inTransaction(o.orm, async (sql) => {
      const res = await writeItems(sql, batch);
      await o.beforeCommit?.(batch);
      return res;
    }),
  );
  const itemsHandler: BatchHandler = async (batch) => {
    try {
      const r = await writeInOrder(batch);
      m.stories.inc({ result: 'founded' }, r.storiesFounded);
      m.stories.inc({ result: 'joined' }, r.storiesJoined);
      m.items.inc({ result: 'inserted' }, r.inserted);
      m.items.inc({ result: 'updated' }, r.updated);
      m.items.inc({ result: 'unchanged' }, r.unchanged);
      m.items.inc({ result: 'skipped' }, r.skipped);
    } catch (err) {
      throw poisonIfData(err, batch.length);
    }
  };
  const feedsHandler: BatchHandler = async (batch) => {
    try {
      const r = await inTransaction(o.orm, async (sql) => {
        const res = await writeFeeds(sql, batch);
        await o.beforeCommit?.(batch);
        return res;
      });
      m.runs.inc(r.runs);
      m.purged.inc(r.purgedFeeds);
      if (r.purgedFeeds > 0) log.info('feeds purged', { count: r.purgedFeeds });
    } catch (err) {
      throw poisonIfData(err, batch.length);
    }
  };

  const ready = new Set<string>();
  const markReady = (which: string) => () => {
    ready.add(which);
    if (ready.size === 2) o.onReady?.();
  };
  // Both consumers write to Postgres: one gate pauses both while it is down and resumes both.
  const gate = new DependencyGate({
    name: 'postgres',
    probe: async () => void (await o.orm.em.getConnection().execute('select 1')),
    signal: o.signal,
    registry,
    logger: log,
    ...(o.probeDelaysMs ? { probeDelaysMs: o.probeDelaysMs } : {}),
  });
  const common = {
    nc: o.nc,
    prefix,
    gate,
    ...o.consumer,
    durable: STORE_CONSUMER,
    concurrency: o.concurrency ?? STORE_WORKER_DEFAULTS.concurrency,
    signal: o.signal,
    registry,
    logger: log,
  };
  const [items, feeds] = await Promise.all([
    runConsumer({
      ...common,
      stream: 'ITEMS',
      batchSize: o.batchSize ?? STORE_WORKER_DEFAULTS.batchSize,
      handler: itemsHandler,
      onReady: markReady('items'),
    }),
    // Fetch outcomes are few (one per run); small batches keep feed state fresh.
    runConsumer({
      ...common,
      stream: 'FEEDS',
      batchSize: 100,
      concurrency: 1,
      handler: feedsHandler,
      onReady: markReady('feeds'),
    }),
  ]);
  return { items, feeds };
}
