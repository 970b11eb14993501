import { parseCommandArgs, shutdownSignal, UsageError } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { connectNats, natsConfigFromEnv } from '@tributary/events';
import { serveProbes } from '@tributary/graph-writer/probes';
import { createLogger } from '@tributary/log';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { runEnrichWorker } from './worker.ts';

/** Defaults, each with its reason. */
export const ENRICH_DEFAULTS = {
  /** docs/configuration.md: workers serve probes and metrics on 9090. */
  metricsPort: 9090,
  /** Items per batch: ~100 ms of NLP, so acks stay far inside ack_wait and publishes pipeline. */
  batchSize: 100,
} as const;

const usage = `usage: tributary worker enrich

JetStream consumer: extracts people, organizations, places and topics from each item's title +
summary (offline, compromise) and publishes item.enriched events. Feeds with
spec.enrich.entities=false get events with no entities.

environment:
  NATS_URL, TRIBUTARY_NATS_PREFIX   NATS server(s) and test prefix
  TRIBUTARY_ENRICH_BATCH_SIZE       items per batch (100)
  TRIBUTARY_METRICS_PORT            /healthz, /readyz, /metrics (9090)`;

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

export const enrichWorker: CommandModule = {
  usage,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    const log = createLogger('enricher');
    const port = intEnv('TRIBUTARY_METRICS_PORT', ENRICH_DEFAULTS.metricsPort, 0);
    const batchSize = intEnv('TRIBUTARY_ENRICH_BATCH_SIZE', ENRICH_DEFAULTS.batchSize, 1);
    const nats = natsConfigFromEnv();
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const signal = shutdownSignal();
    const probes = await serveProbes(registry, port);
    const nc = await connectNats(nats, { name: 'tributary-enricher' });
    try {
      log.info('enrich worker starting', { prefix: nats.prefix });
      const stats = await runEnrichWorker({
        nc,
        natsPrefix: nats.prefix,
        batchSize,
        signal,
        registry,
        logger: log,
        onReady: () => probes.setReady(true),
      });
      log.info('enrich worker stopped', { stats });
      return 0;
    } finally {
      probes.setReady(false);
      await nc.drain().catch(() => undefined);
      await probes.close();
    }
  },
};
