import { jetstream } from '@nats-io/jetstream';
import { UsageError, parseCommandArgs, shutdownSignal } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import {
  childTraceparent,
  connectNats,
  drainOrClose,
  natsConfigFromEnv,
  parseTraceparent,
  subjects,
} from '@tributary/events';
import { Fetcher } from '@tributary/feeds/fetch';
import { runWorkerProcess } from '@tributary/worker';
import { createLogger, withLogContext } from '@tributary/log';
import { INGEST_WORKER_DEFAULTS, ingestConfigFromEnv, ingestWorkerSettings } from './config.ts';
import { runIngestWorker } from './worker.ts';
import { runIngest } from './run.ts';
import { bindTopology } from './topology.ts';

const usage = `usage: tributary ingest --feed NS/NAME [--force]

One ingestion run of a Feed (what its CronJob executes): fetch, parse, publish new or changed
items to JetStream, publish the run outcome, update the fetch state.

  --feed NS/NAME   the Feed (must match TRIBUTARY_FEED)
  --force          fetch even when not due or backing off (used by \`tributary feed run\`)

environment:
  TRIBUTARY_FEED                    {"uid","namespace","name","generation","spec":{...}} (required)
  TRIBUTARY_FEED_HEADERS            JSON object of extra request headers (optional)
  TRIBUTARY_ALLOW_PRIVATE_NETWORKS  true to allow loopback/private targets (default false)
  TRIBUTARY_ADAPTIVE_SCHEDULE       false to fetch on every cron tick (default true: entry frequency)
  NATS_URL, TRIBUTARY_NATS_PREFIX   JetStream connection and name prefix

exit status: 0 for every handled outcome (including upstream HTTP errors, reported in the
feed.fetched event); 1 when our own infrastructure fails (NATS unreachable, KV errors); 2 for bad input.`;

export const ingest: CommandModule = {
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      { feed: { type: 'string' }, force: { type: 'boolean' } },
      false,
    );
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(values.feed ?? '');
    if (!m) throw new UsageError('--feed NS/NAME is required');
    const config = ingestConfigFromEnv();
    const { feed } = config;
    if (feed.namespace !== m[1] || feed.name !== m[2]) {
      throw new UsageError(
        `--feed ${values.feed} does not match TRIBUTARY_FEED (${feed.namespace}/${feed.name})`,
      );
    }
    const traceparent = childTraceparent(config.traceparent);
    const log = createLogger('ingestor');
    const context = {
      feed: `${feed.namespace}/${feed.name}`,
      feedUid: feed.uid,
      traceId: parseTraceparent(traceparent)?.traceId,
    };
    return withLogContext(context, async () => {
      const nats = natsConfigFromEnv();
      const fetcher = new Fetcher({ allowPrivateNetworks: config.allowPrivateNetworks });
      let nc;
      try {
        nc = await connectNats(nats, {
          name: `tributary-ingest-${feed.namespace}-${feed.name}`,
          waitMs: 30_000,
        });
      } catch (err) {
        log.error('cannot connect to NATS', { error: (err as Error).message, servers: nats.servers });
        await fetcher.close();
        return 1;
      }
      try {
        const kv = await bindTopology(nc, nats.prefix, nats.topology);
        await runIngest({
          feed,
          headers: config.headers,
          fetcher,
          js: jetstream(nc),
          kv,
          subjects: subjects(nats.prefix),
          log,
          force: values.force ?? false,
          adaptiveSchedule: config.adaptiveSchedule,
          traceparent,
          signal: shutdownSignal(),
        });
        return 0;
      } catch (err) {
        log.error('ingest run failed', { error: (err as Error).message, stack: (err as Error).stack });
        return 1;
      } finally {
        await fetcher.close();
        await drainOrClose(nc);
      }
    });
  },
};

const workerUsage = `usage: tributary worker ingest

The pooled ingest worker (ingest.mode=pooled): takes the due fetches the operator publishes on the
FETCHES work queue and runs each like \`tributary ingest\` (fetch, parse, publish, fetch state), with
bounded concurrency and per-host limits shared by every replica. SIGTERM: finish in-flight fetches.

environment:
  NATS_URL, TRIBUTARY_NATS_PREFIX   JetStream connection and name prefix
  TRIBUTARY_INGEST_CONCURRENCY      fetches in flight per replica (${INGEST_WORKER_DEFAULTS.concurrency})
  TRIBUTARY_INGEST_PER_HOST         simultaneous requests to one host, all replicas (${INGEST_WORKER_DEFAULTS.perHost})
  TRIBUTARY_ALLOW_PRIVATE_NETWORKS  true to allow loopback/private targets (default false)
  TRIBUTARY_ADAPTIVE_SCHEDULE       false to fetch at every scheduled time (default true)
  TRIBUTARY_METRICS_PORT            /healthz, /readyz, /metrics (${INGEST_WORKER_DEFAULTS.metricsPort})`;

export const ingestWorker: CommandModule = {
  usage: workerUsage,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    const settings = ingestWorkerSettings();
    // Per-host limits are the worker's (host-slots.ts); the fetcher's per-process cap must not be lower.
    const fetcher = new Fetcher({
      allowPrivateNetworks: settings.allowPrivateNetworks,
      perHostConcurrency: settings.perHost,
    });
    return runWorkerProcess({
      component: 'ingest-worker',
      metricsPort: settings.metricsPort,
      logFields: { concurrency: settings.concurrency, perHost: settings.perHost },
      run: (ctx) =>
        runIngestWorker({
          ...ctx,
          fetcher,
          concurrency: settings.concurrency,
          perHost: settings.perHost,
          adaptiveSchedule: settings.adaptiveSchedule,
        }),
      close: () => fetcher.close(),
    });
  },
};
export { rulesApply } from './rules-cli.ts';
