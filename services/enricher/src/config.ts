import { intSetting } from '@tributary/command';

/** Defaults, each with its reason. */
export const ENRICH_DEFAULTS = {
  /** docs/configuration.md: workers serve probes and metrics on 9090. */
  metricsPort: 9090,
  /**
   * Items per batch: ~100 ms of NLP (≈1,400 items per CPU-second), so acks stay far inside
   * ack_wait and one batch's publishes overlap the next batch's extraction.
   */
  batchSize: 100,
} as const;

export interface EnrichSettings {
  metricsPort: number;
  batchSize: number;
}

/** TRIBUTARY_METRICS_PORT, TRIBUTARY_ENRICH_BATCH_SIZE. */
export function enrichSettings(env: NodeJS.ProcessEnv = process.env): EnrichSettings {
  return {
    metricsPort: intSetting(env, 'TRIBUTARY_METRICS_PORT', ENRICH_DEFAULTS.metricsPort, 0, 65535),
    batchSize: intSetting(env, 'TRIBUTARY_ENRICH_BATCH_SIZE', ENRICH_DEFAULTS.batchSize),
  };
}
