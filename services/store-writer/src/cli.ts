import { parseCommandArgs, shutdownSignal } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { createOrm, databaseUrlFromEnv } from '@tributary/db';
import { connectNats, natsConfigFromEnv } from '@tributary/events';
import { createLogger } from '@tributary/log';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { STORE_WORKER_DEFAULTS, storeWorkerSettings } from './config.ts';
// The worker probe server is shared with the other workers (graph-writer owns it; the enricher uses it too).
import { serveProbes } from '@tributary/http/probes';
import { runStoreWorker } from './worker.ts';

const usage = `usage: tributary worker store

JetStream consumer: projects ITEMS (items, authors, categories) and FEEDS (fetch runs, feed state,
deletions) into PostgreSQL. One transaction per batch; ack after commit; idempotent upserts.
Run \`tributary migrate\` first (the worker never changes the schema).

environment:
  DATABASE_URL                      Postgres (postgres://postgres@127.0.0.1:55432/tributary)
  NATS_URL, TRIBUTARY_NATS_PREFIX   NATS server(s) and test prefix
  TRIBUTARY_STORE_BATCH_SIZE        items per transaction (${STORE_WORKER_DEFAULTS.batchSize})
  TRIBUTARY_STORE_CONCURRENCY       batches in flight (${STORE_WORKER_DEFAULTS.concurrency})
  TRIBUTARY_METRICS_PORT            /healthz, /readyz, /metrics (${STORE_WORKER_DEFAULTS.metricsPort})`;

export const storeWorker: CommandModule = {
  usage,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    const log = createLogger('store-writer');
    const settings = storeWorkerSettings();
    const nats = natsConfigFromEnv();
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const signal = shutdownSignal();
    const probes = await serveProbes({ registry, port: settings.metricsPort });
    const orm = await createOrm(databaseUrlFromEnv(), { poolMax: STORE_WORKER_DEFAULTS.poolMax });
    const nc = await connectNats(nats, { name: 'tributary-store-writer' });
    try {
      log.info('store worker starting', {
        prefix: nats.prefix,
        batchSize: settings.batchSize,
        concurrency: settings.concurrency,
      });
      const stats = await runStoreWorker({
        nc,
        natsPrefix: nats.prefix,
        orm,
        batchSize: settings.batchSize,
        concurrency: settings.concurrency,
        signal,
        registry,
        logger: log,
        onReady: () => probes.setReady(true),
      });
      log.info('store worker stopped', { stats });
      return 0;
    } finally {
      probes.setReady(false);
      await nc.drain().catch(() => undefined);
      await orm.close();
      await probes.close();
    }
  },
};
