import { parseCommandArgs } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { DB_DEFAULTS, createOrm, databaseUrlFromEnv } from '@tributary/db';
import { runWorkerProcess } from '@tributary/worker';
import { STORE_WORKER_DEFAULTS, storeWorkerSettings } from './config.ts';
import { runStoreWorker } from './worker.ts';

const usage = `usage: tributary worker store

JetStream consumer: projects ITEMS (items, authors, categories) and FEEDS (fetch runs, feed state,
deletions) into PostgreSQL. One transaction per batch; ack after commit; idempotent upserts.
Run \`tributary migrate\` first (the worker never changes the schema).

environment:
  DATABASE_URL                      Postgres (postgres://postgres@127.0.0.1:25432/tributary)
  NATS_URL, TRIBUTARY_NATS_PREFIX   NATS server(s) and test prefix
  TRIBUTARY_STORE_BATCH_SIZE        items per transaction (${STORE_WORKER_DEFAULTS.batchSize})
  TRIBUTARY_STORE_CONCURRENCY       batches in flight (${STORE_WORKER_DEFAULTS.concurrency})
  TRIBUTARY_METRICS_PORT            /healthz, /readyz, /metrics (${STORE_WORKER_DEFAULTS.metricsPort})`;

export const storeWorker: CommandModule = {
  usage,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    const settings = storeWorkerSettings();
    const orm = await createOrm(databaseUrlFromEnv(), {
      poolMax: STORE_WORKER_DEFAULTS.poolMax,
      waitMs: DB_DEFAULTS.startupWaitMs,
    });
    return runWorkerProcess({
      component: 'store-writer',
      metricsPort: settings.metricsPort,
      logFields: { batchSize: settings.batchSize, concurrency: settings.concurrency },
      run: (ctx) =>
        runStoreWorker({ ...ctx, orm, batchSize: settings.batchSize, concurrency: settings.concurrency }),
      close: () => orm.close(),
    });
  },
};
