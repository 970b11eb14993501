import { parseCommandArgs } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { runWorkerProcess } from '@tributary/worker';
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
    const { metricsPort, batchSize } = enrichSettings();
    return runWorkerProcess({
      component: 'enricher',
      metricsPort,
      logFields: { batchSize },
      run: (ctx) => runEnrichWorker({ ...ctx, batchSize }),
    });
  },
};
