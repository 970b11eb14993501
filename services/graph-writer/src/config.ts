import { UsageError } from '@tributary/command';

/** Defaults, each with its reason. */
export const GRAPH_WORKER_DEFAULTS = {
  /** docs/configuration.md: workers serve probes and metrics on 9090. */
  metricsPort: 9090,
  /**
   * Items per transaction. Neo4j's sweet spot for UNWIND … MERGE is 1k–10k rows, but each item fans
   * out into ~5 statements and several relationships, so 500 keeps a transaction around a few
   * thousand writes and its lock set small enough that concurrent batches rarely deadlock.
   */
  batchSize: 500,
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

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

/** TRIBUTARY_METRICS_PORT, TRIBUTARY_GRAPH_BATCH_SIZE, TRIBUTARY_GRAPH_CONCURRENCY. */
export function graphWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  return {
    metricsPort: positiveInt(env, 'TRIBUTARY_METRICS_PORT', GRAPH_WORKER_DEFAULTS.metricsPort, 0),
    batchSize: positiveInt(env, 'TRIBUTARY_GRAPH_BATCH_SIZE', GRAPH_WORKER_DEFAULTS.batchSize),
    concurrency: positiveInt(env, 'TRIBUTARY_GRAPH_CONCURRENCY', GRAPH_WORKER_DEFAULTS.concurrency),
  };
}
