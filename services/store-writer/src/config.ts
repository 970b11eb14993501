import { intSetting } from '@tributary/command';

/** Defaults, each with its reason. */
export const STORE_WORKER_DEFAULTS = {
  /** docs/configuration.md: workers serve probes and metrics on 9090. */
  metricsPort: 9090,
  /**
   * Items per transaction: one jsonb parameter per statement, so the size is bounded by memory, not
   * bind parameters. bench/store.bench.ts measured 200 → 500 → 1000 items per batch at roughly
   * 0.9k → 1.6k → 2.7k items/s on the loaded 2-core dev box: the per-transaction cost dominates.
   * A failed batch is bisected, so a poison message costs ~log2(1000) = 10 extra attempts.
   */
  batchSize: 1000,
  /**
   * Batches in flight. Two overlap one batch's commit with the next batch's decode on 2 cores;
   * stream_seq ordering in the upsert keeps out-of-order commits from regressing a row.
   */
  concurrency: 2,
  /** Connections: one per batch in flight plus one spare for the FEEDS consumer. */
  poolMax: 4,
} as const;

export interface StoreWorkerSettings {
  metricsPort: number;
  batchSize: number;
  concurrency: number;
}

/** TRIBUTARY_METRICS_PORT, TRIBUTARY_STORE_BATCH_SIZE, TRIBUTARY_STORE_CONCURRENCY. */
export function storeWorkerSettings(env: NodeJS.ProcessEnv = process.env): StoreWorkerSettings {
  return {
    metricsPort: intSetting(env, 'TRIBUTARY_METRICS_PORT', STORE_WORKER_DEFAULTS.metricsPort, 0, 65535),
    batchSize: intSetting(env, 'TRIBUTARY_STORE_BATCH_SIZE', STORE_WORKER_DEFAULTS.batchSize, 1),
    concurrency: intSetting(env, 'TRIBUTARY_STORE_CONCURRENCY', STORE_WORKER_DEFAULTS.concurrency, 1),
  };
}
