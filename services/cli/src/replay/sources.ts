/**
 * What each projection re-consumes, wired to the projection's own code: the store worker's
 * transactional writers and the graph worker's batch handlers — no second copy of projection logic.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Driver } from 'neo4j-driver';
import { subjects } from '@tributary/events';
import type { BatchHandler, ConsumedEvent } from '@tributary/events';
import { ensureGraphSchema, GraphWriter } from '@tributary/graph';
import type { GraphLabels } from '@tributary/graph';
import { graphHandlers, GRAPH_WORKER_DEFAULTS } from '@tributary/graph-writer';
import {
  inOrder,
  inTransaction,
  writeFeeds,
  writeItems,
  STORE_WORKER_DEFAULTS,
} from '@tributary/store-writer';
import type { Sql } from '@tributary/store-writer';
import type { ReplaySource } from './replay.ts';

/** ITEMS (items, authors, categories) and FEEDS (fetch runs, feed state, deletions) → Postgres. */
export function storeSources(orm: MikroORM): ReplaySource[] {
  const tx =
    (write: (sql: Sql, batch: readonly ConsumedEvent[]) => Promise<unknown>): BatchHandler =>
    async (batch) => {
      await inTransaction(orm, (sql) => write(sql, batch));
    };
  return [
    {
      stream: 'ITEMS',
      // In stream order, as the worker does: the rebuilt stories must be the same.
      handler: inOrder(tx(writeItems)),
      batchSize: STORE_WORKER_DEFAULTS.batchSize,
      concurrency: STORE_WORKER_DEFAULTS.concurrency,
    },
    { stream: 'FEEDS', handler: tx(writeFeeds), batchSize: 100, concurrency: 1 },
  ];
}

/** ITEMS, ENRICHED and feed deletions → Neo4j, after creating the graph schema. */
export async function graphSources(
  driver: Driver,
  database: string,
  labels: GraphLabels,
  prefix: string,
): Promise<ReplaySource[]> {
  await ensureGraphSchema(driver, database, labels);
  const h = graphHandlers(new GraphWriter(driver, database, labels));
  const common = {
    batchSize: GRAPH_WORKER_DEFAULTS.batchSize,
    concurrency: GRAPH_WORKER_DEFAULTS.concurrency,
  };
  return [
    { stream: 'ITEMS', handler: h.items, ...common },
    { stream: 'ENRICHED', handler: h.enriched, ...common },
    {
      stream: 'FEEDS',
      filterSubjects: [subjects(prefix).all.feedsDeleted],
      handler: h.feeds,
      batchSize: 10,
      concurrency: 1,
    },
  ];
}
