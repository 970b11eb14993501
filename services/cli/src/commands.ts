import type { CommandModule } from '@tributary/command';

/** One row of the CLI table (the contract in docs/architecture.md, "One CLI, one image"). */
export interface CommandEntry {
  /** Words after `tributary`, e.g. `worker store`. */
  name: string;
  summary: string;
  /** Lazy so that `tributary feed parse` never loads the Kubernetes client, and so on. */
  load: () => Promise<CommandModule>;
}

export const commands: CommandEntry[] = [
  {
    name: 'operator',
    summary: 'run the Feed controller against $KUBECONFIG / in-cluster config',
    load: async () => (await import('@tributary/operator/cli')).operator,
  },
  {
    name: 'ingest',
    summary: 'one ingestion run of a Feed (what the CronJob executes): --feed NS/NAME',
    load: async () => (await import('@tributary/ingestor/cli')).ingest,
  },
  {
    name: 'api',
    summary: 'serve the REST API (/api/v1)',
    load: async () => (await import('@tributary/api/cli')).api,
  },
  {
    name: 'worker ingest',
    summary: 'JetStream consumer (ingest.mode=pooled): run the due fetches the operator schedules',
    load: async () => (await import('@tributary/ingestor/cli')).ingestWorker,
  },
  {
    name: 'worker store',
    summary: 'JetStream consumer: project items into PostgreSQL',
    load: async () => (await import('@tributary/store-writer/cli')).storeWorker,
  },
  {
    name: 'worker graph',
    summary: 'JetStream consumer: project items and entities into Neo4j',
    load: async () => (await import('@tributary/graph-writer/cli')).graphWorker,
  },
  {
    name: 'worker enrich',
    summary: 'JetStream consumer: extract entities and publish ENRICHED events',
    load: async () => (await import('@tributary/enricher/cli')).enrichWorker,
  },
  {
    name: 'migrate',
    summary: 'apply database migrations',
    load: async () => (await import('@tributary/db/cli')).migrate,
  },
  {
    name: 'feed parse',
    summary: 'parse + normalize one feed document (FILE or URL) and print normalized JSON',
    load: async () => (await import('@tributary/feeds/cli')).feedParse,
  },
  {
    name: 'rules apply',
    summary: "count what a Feed's rules would change in its past items: NS/NAME --dry-run",
    load: async () => (await import('@tributary/ingestor/cli')).rulesApply,
  },
  {
    name: 'feed run',
    summary: "trigger one immediate run of a Feed's job: NS/NAME",
    load: async () => (await import('@tributary/operator/cli')).feedRun,
  },
  {
    name: 'images',
    summary:
      'build the local images (podman/buildah, no registry) and load them into the node: build|load|list|skaffold-build',
    load: async () => (await import('@tributary/stack/images')).images,
  },
  {
    name: 'stack',
    summary: 'start/stop local real servers: up|down|status|env',
    load: async () => (await import('@tributary/stack/cli')).stack,
  },
  {
    name: 'up',
    summary: 'install the platform on the local Kubernetes node (helm) and print its URLs',
    load: async () => (await import('@tributary/platform/cli')).up,
  },
  {
    name: 'dev',
    summary:
      '`tributary up`, then skaffold dev on it: each source change rebuilds the image and rolls the release',
    load: async () => (await import('@tributary/platform/cli')).dev,
  },
  {
    name: 'down',
    summary: 'uninstall the local release and stop the local cluster',
    load: async () => (await import('@tributary/platform/cli')).down,
  },
  {
    name: 'status',
    summary: "what `tributary up` runs: the cluster's servers and the release's pods, with health",
    load: async () => (await import('@tributary/platform/cli')).status,
  },
  {
    name: 'samples',
    summary: 'serve generated sample feeds and their OPML (what `tributary up` ingests)',
    load: async () => (await import('@tributary/fixture-server/cli')).samples,
  },
  {
    name: 'replay',
    summary: 'rebuild a projection from the streams: --to store|graph [--since TIME]',
    load: async () => (await import('./replay/command.ts')).replay,
  },
  {
    name: 'dlq',
    summary: 'the dead-letter queue: list (counts per stream/consumer) | show SEQ | redrive SEQ...|--all',
    load: async () => (await import('./dlq.ts')).dlq,
  },
  {
    name: 'stats',
    summary:
      'counts in Postgres and Neo4j (or unavailable), streams, consumer lag, attached workers [--json]',
    load: async () => (await import('./stats/command.ts')).stats,
  },
];
