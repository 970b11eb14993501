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
import { createLogger, withLogContext } from '@tributary/log';
import { ingestConfigFromEnv } from './config.ts';
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
