/** `tributary replay --to store|graph [--since TIME]`: wires configuration, connections and output. */
import { parseCommandArgs, shutdownSignal } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { createOrm, databaseUrlFromEnv } from '@tributary/db';
import { connectNats, drainOrClose, natsConfigFromEnv } from '@tributary/events';
import { createGraphDriver, graphConfigFromEnv } from '@tributary/graph';
import { createLogger } from '@tributary/log';
import { replayArgs } from './args.ts';
import { replayStreams } from './replay.ts';
import type { ReplaySource } from './replay.ts';
import { formatReplay } from './format.ts';
import { graphSources, storeSources } from './sources.ts';

const usage = `usage: tributary replay --to store|graph [--since TIME]

Rebuilds a projection from the event streams: store = ITEMS + FEEDS into PostgreSQL (run
\`tributary migrate\` first for an empty database), graph = ITEMS + ENRICHED + feed deletions into
Neo4j. Uses temporary consumers (the workers' positions are untouched), the projections' own
idempotent writers, stops once caught up, deletes its consumers and prints what it replayed.

  --to store|graph  the projection to rebuild
  --since TIME      start at messages stored at/after TIME: ISO-8601 (2026-11-21T10:00:00Z) or a
                    duration back from now (90m, 6h, 7d); default: the beginning of the streams

environment: NATS_URL, TRIBUTARY_NATS_PREFIX; DATABASE_URL (store); NEO4J_URL, NEO4J_DATABASE,
TRIBUTARY_NEO4J_LABEL_PREFIX (graph)`;

export const replay: CommandModule = {
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { to: { type: 'string' }, since: { type: 'string' } }, false);
    const args = replayArgs(values, new Date());
    const log = createLogger('replay');
    const nats = natsConfigFromEnv();
    const signal = shutdownSignal();
    const started = Date.now();
    const nc = await connectNats(nats, { name: `tributary-replay-${args.to}` });
    const closers: Array<() => Promise<unknown>> = [() => drainOrClose(nc)];
    try {
      let sources: ReplaySource[];
      if (args.to === 'store') {
        const orm = await createOrm(databaseUrlFromEnv());
        closers.push(() => orm.close());
        sources = storeSources(orm);
      } else {
        const graph = graphConfigFromEnv();
        const driver = createGraphDriver(graph);
        closers.push(() => driver.close());
        sources = await graphSources(driver, graph.database, graph.labels, nats.prefix);
      }
      const results = await replayStreams({
        nc,
        prefix: nats.prefix,
        target: args.to,
        since: args.since,
        sources,
        logger: log,
        signal,
      });
      console.log(formatReplay(args, results, Date.now() - started));
      return signal.aborted ? 1 : 0;
    } finally {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    }
  },
};
