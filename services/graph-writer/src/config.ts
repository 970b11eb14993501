import { intSetting } from '@tributary/command';

/** Defaults, each with its reason. */
export const GRAPH_WORKER_DEFAULTS = {
  /** docs/configuration.md: workers serve probes and metrics on 9090. */
  metricsPort: 9090,
  /**
   * Items per transaction. Neo4j's sweet spot for UNWIND … MERGE is 1k–10k rows; each item fans out
   * into ~6 statements and ~8 relationships, so 1,000 items is a transaction of ~10k writes.
   * Measured (bench/graph.bench.ts): 250 → 374, 500 → 662, 1000 → 816 items/s on a loaded 2-core box.
   */
  batchSize: 1000,
  /**
   * Batches in flight per consumer. Every item batch touches the same hot nodes (its feeds, popular
   * tags and authors), so two concurrent transactions mostly wait on each other's locks and
   * deadlock (each deadlock costs a driver retry with backoff); measured slower than one.
   */
  concurrency: 1,
} as const;

export interface WorkerSettings {
  metricsPort: number;
  batchSize: number;
  concurrency: number;
}

/** TRIBUTARY_METRICS_PORT, TRIBUTARY_GRAPH_BATCH_SIZE, TRIBUTARY_GRAPH_CONCURRENCY. */
export function graphWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  return {
    metricsPort: intSetting(env, 'TRIBUTARY_METRICS_PORT', GRAPH_WORKER_DEFAULTS.metricsPort, 0, 65535),
    batchSize: intSetting(env, 'TRIBUTARY_GRAPH_BATCH_SIZE', GRAPH_WORKER_DEFAULTS.batchSize),
    concurrency: intSetting(env, 'TRIBUTARY_GRAPH_CONCURRENCY', GRAPH_WORKER_DEFAULTS.concurrency),
  };
}
