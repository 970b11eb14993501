import { parseCommandArgs, UsageError } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { runWorkerProcess } from '@tributary/worker';
import { createGraphDriver, graphConfigFromEnv, GraphError } from '@tributary/graph';
import type { GraphConfig } from '@tributary/graph';
import { graphWorkerSettings } from './config.ts';
import { runGraphWorker } from './worker.ts';

const usage = `usage: tributary worker graph

JetStream consumer: projects ITEMS, ENRICHED and feed deletions into Neo4j.
Creates constraints and indexes at start; one transaction per batch; ack after commit.

environment:
  NATS_URL, TRIBUTARY_NATS_PREFIX                 NATS server(s) and test prefix
  NEO4J_URL, NEO4J_USERNAME, NEO4J_PASSWORD        Neo4j (bolt://127.0.0.1:27687, no auth)
  NEO4J_DATABASE                                   database (neo4j)
  TRIBUTARY_NEO4J_LABEL_PREFIX                     label prefix for test isolation ('')
  TRIBUTARY_GRAPH_BATCH_SIZE                       items per transaction (1000)
  TRIBUTARY_GRAPH_CONCURRENCY                      batches in flight per consumer (1)
  TRIBUTARY_METRICS_PORT                           /healthz, /readyz, /metrics (9090)`;

/** A bad Neo4j setting is the operator's input: report it like a usage error (exit 2), no stack. */
function graphConfig(): GraphConfig {
  try {
    return graphConfigFromEnv();
  } catch (err) {
    if (err instanceof GraphError && err.code === 'BAD_CONFIG') throw new UsageError(err.message);
    throw err;
  }
}

export const graphWorker: CommandModule = {
  usage,
  async run(argv) {
    parseCommandArgs(argv, {}, false);
    const settings = graphWorkerSettings();
    const graph = graphConfig();
    const driver = createGraphDriver(graph);
    return runWorkerProcess({
      component: 'graph-writer',
      metricsPort: settings.metricsPort,
      logFields: { neo4j: graph.url, database: graph.database, batchSize: settings.batchSize },
      run: (ctx) =>
        runGraphWorker({
          ...ctx,
          driver,
          database: graph.database,
          labels: graph.labels,
          batchSize: settings.batchSize,
          concurrency: settings.concurrency,
        }),
      close: () => driver.close(),
    });
  },
};
