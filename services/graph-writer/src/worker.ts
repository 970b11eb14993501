import type { NatsConnection } from '@nats-io/nats-core';
import type { Driver } from 'neo4j-driver';
import type { Registry } from 'prom-client';
import { DependencyGate, DURABLES, ensureTopology, runConsumer, subjects } from '@tributary/events';
import type { TopologyOptions } from '@tributary/events';
import type { ConsumerRunStats, RunConsumerOptions } from '@tributary/events';
import { ensureGraphSchema, GraphWriter } from '@tributary/graph';
import type { GraphLabels } from '@tributary/graph';
import type { Logger } from '@tributary/log';
import { graphHandlers } from './handlers.ts';

/** Durable consumer names: one per stream, stable across releases (renaming restarts from zero). */
export const GRAPH_DURABLES = {
  items: DURABLES.graphItems,
  enriched: DURABLES.graphEnriched,
  feeds: DURABLES.graphFeeds,
} as const;

export interface GraphWorkerOptions {
  nc: NatsConnection;
  natsPrefix: string;
  /** The deployment's stream settings (TRIBUTARY_JETSTREAM_CONFIG); defaults when unset. */
  topology?: TopologyOptions;
  driver: Driver;
  database: string;
  labels: GraphLabels;
  batchSize: number;
  concurrency: number;
  signal: AbortSignal;
  registry?: Registry;
  logger: Logger;
  /** Delivery settings of the consumers (tests shorten them to make an outage outlast max_deliver). */
  consumer?: Pick<RunConsumerOptions, 'maxDeliver' | 'ackWaitMs' | 'nakDelaysMs'>;
  /** Probe delays while Neo4j is down (tests shorten them); see CONSUMER_DEFAULTS.probeDelaysMs. */
  probeDelaysMs?: readonly number[];
  /** Called once the schema exists and the consumers are starting. */
  onReady?: () => void;
}

/**
 * The graph projection: creates the Neo4j schema, then consumes ITEMS, ENRICHED and feed deletions
 * until `signal` aborts (each consumer drains its in-flight batches before resolving).
 */
export async function runGraphWorker(
  o: GraphWorkerOptions,
): Promise<Record<keyof typeof GRAPH_DURABLES, ConsumerRunStats>> {
  await ensureTopology(o.nc, { prefix: o.natsPrefix, ...o.topology });
  await ensureGraphSchema(o.driver, o.database, o.labels);
  const handlers = graphHandlers(new GraphWriter(o.driver, o.database, o.labels));
  // The three consumers write to Neo4j: while it is down all of them pause (no delivery spent,
  // nothing dead-lettered) and resume when a plain session answers again. The probe uses a session,
  // not executeQuery, whose own retries would hide a recovery for up to 30 s.
  const gate = new DependencyGate({
    name: 'neo4j',
    probe: async () => {
      const session = o.driver.session({ database: o.database });
      try {
        await session.run('RETURN 1');
      } finally {
        await session.close();
      }
    },
    signal: o.signal,
    logger: o.logger,
    ...(o.registry ? { registry: o.registry } : {}),
    ...(o.probeDelaysMs ? { probeDelaysMs: o.probeDelaysMs } : {}),
  });
  const common = {
    nc: o.nc,
    prefix: o.natsPrefix,
    signal: o.signal,
    logger: o.logger,
    gate,
    ...o.consumer,
    ...(o.registry ? { registry: o.registry } : {}),
  };
  const consumers = Promise.all([
    runConsumer({
      ...common,
      stream: 'ITEMS',
      durable: GRAPH_DURABLES.items,
      handler: handlers.items,
      batchSize: o.batchSize,
      concurrency: o.concurrency,
    }),
    runConsumer({
      ...common,
      stream: 'ENRICHED',
      durable: GRAPH_DURABLES.enriched,
      handler: handlers.enriched,
      batchSize: o.batchSize,
      concurrency: o.concurrency,
    }),
    runConsumer({
      ...common,
      stream: 'FEEDS',
      durable: GRAPH_DURABLES.feeds,
      filterSubjects: [subjects(o.natsPrefix).all.feedsDeleted],
      handler: handlers.feeds,
      // A purge can be large; one at a time keeps its chunks from competing with each other.
      batchSize: 10,
      concurrency: 1,
    }),
  ]);
  o.onReady?.();
  const [items, enriched, feeds] = await consumers;
  return { items, enriched, feeds };
}
