import { parseCommandArgs, shutdownSignal } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { connectNats, natsConfigFromEnv } from '@tributary/events';
import { serveProbes } from '@tributary/http/probes';
import { createLogger } from '@tributary/log';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { enrichSettings } from './config.ts';
import { runEnrichWorker } from './worker.ts';

const usage = `usage: tributary worker enrich

JetStream consumer: extracts people, organizations, places and topics from each item's title +
summary (offline, compromise) and publishes item.enriched events. Feeds with
spec.enrich.entities=false get events with no entities.

environment:
  NATS_URL, TRIBUTARY_NATS_PREFIX   NATS server(s) and test prefix
  TRIBUTARY_ENRICH_BATCH_SIZE       items per batch (100)
  TRIBUTARY_METRICS_PORT            /healthz, /readyz, /metrics (9090)`;

export const enrichWorker: CommandModule = {
  usage,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    const log = createLogger('enricher');
    const { metricsPort, batchSize } = enrichSettings();
    const nats = natsConfigFromEnv();
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const signal = shutdownSignal();
    const probes = await serveProbes({ registry, port: metricsPort });
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
