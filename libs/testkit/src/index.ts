// The integration-test harness: one real stack per test run, isolated resources per suite.
//
//   import { after, before, test } from 'node:test';
//   import { useStack } from '@tributary/testkit';
//   const env = await useStack();          // starts or reuses the stack (all servers)
//   after(() => env.cleanup());            // drops this suite's databases, namespaces, streams, nodes
//   const url = await env.createDatabase();
//
// The stack is never stopped at the end of a run (reuse is the point); TRIBUTARY_STACK_DIR selects a
// separate state dir (e.g. CI's).
import { KubeConfig, CoreV1Api } from '@kubernetes/client-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import neo4j from 'neo4j-driver';
import pg from 'pg';
import { HOST_SERVER_NAMES, loadConfig, stackUp, stackUrls } from '@tributary/stack';
import type { ServerName, StackConfig, StackUrls } from '@tributary/stack';
import { resourceNames, streamBelongsTo, suiteId, withDatabase } from './names.ts';
import { ensureNodeStack } from './node-stack.ts';
import { waitFor } from './wait.ts';

export { resourceNames, streamBelongsTo, suiteId, withDatabase } from './names.ts';
export { waitFor } from './wait.ts';
export { freePort, stopChild } from './processes.ts';
export { ensureNodeStack, useNodeStack } from './node-stack.ts';
export type { NodeStackEnv } from './node-stack.ts';

let shared: Promise<StackConfig> | undefined;
let sharedServers = new Set<ServerName>();

/** The cluster's servers: tests get them from the node stack, whose controllers really run. */
const CLUSTER = new Set<ServerName>(['etcd', 'kube-apiserver']);

/**
 * Starts the stack or reuses the running one (once per process; a lock file in the state dir makes
 * concurrent test processes wait for each other). Kubernetes comes from the node stack (real
 * controllers: garbage collection, namespace finalization, CronJobs and Jobs); PostgreSQL, NATS and
 * Neo4j from the shared stack's host servers. Sets KUBECONFIG, DATABASE_URL, NATS_URL and NEO4J_URL
 * in process.env so code under test finds them and never a developer's own cluster.
 */
export async function ensureStack(servers: ServerName[] = [...HOST_SERVER_NAMES]): Promise<StackConfig> {
  const host = servers.filter((s) => !CLUSTER.has(s));
  if (!shared || host.some((s) => !sharedServers.has(s))) {
    const wanted = [...new Set([...sharedServers, ...host])];
    const log = process.env.TRIBUTARY_TESTKIT_QUIET
      ? () => {}
      : (line: string) => console.error(`# stack: ${line}`);
    shared = (async () => {
      const cfg = loadConfig({ TRIBUTARY_NODE: '0', ...process.env });
      await stackUp(cfg, wanted, log);
      return cfg;
    })();
    sharedServers = new Set(wanted);
    shared.catch(() => {
      shared = undefined;
      sharedServers = new Set();
    });
  }
  const cfg = await shared;
  Object.assign(process.env, stackUrls(cfg));
  if (servers.some((s) => CLUSTER.has(s)))
    process.env.KUBECONFIG = (await ensureNodeStack()).paths.kubeconfig;
  return cfg;
}

export interface StackEnv extends StackUrls {
  /** Unique id of this suite; every name below derives from it. */
  readonly id: string;
  readonly config: StackConfig;
  /** Creates a fresh, empty Postgres database (dropped by cleanup) and returns its URL. */
  createDatabase(): Promise<string>;
  /** Prefix for JetStream streams/consumers/KV buckets of this suite (`${natsPrefix}_ITEMS`). */
  readonly natsPrefix: string;
  /** `${natsPrefix}_${base}`: a stream/bucket name removed by cleanup. */
  natsName(base: string): string;
  /** `${natsPrefix}.${subject}`: a subject in this suite's own space. */
  natsSubject(subject: string): string;
  /** Prefix for Neo4j labels of this suite; nodes, constraints and indexes with it are removed. */
  readonly neo4jLabelPrefix: string;
  /** `${neo4jLabelPrefix}${base}`. */
  neo4jLabel(base: string): string;
  /** Creates a Kubernetes namespace (deleted by cleanup) and returns its name. */
  createNamespace(): Promise<string>;
  /** A KubeConfig for the stack's apiserver (admin token). */
  kubeConfig(): KubeConfig;
  /** Removes everything this suite created. Idempotent. */
  cleanup(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts or reuses the stack and returns this suite's isolated view of it. */
export async function useStack(opts: { servers?: ServerName[] } = {}): Promise<StackEnv> {
  const config = await ensureStack(opts.servers);
  const urls = { ...stackUrls(config), KUBECONFIG: process.env.KUBECONFIG ?? stackUrls(config).KUBECONFIG };
  const id = suiteId();
  const names = resourceNames(id);
  const databases: string[] = [];
  const namespaces: string[] = [];
  let natsUsed = false;
  let neo4jUsed = false;

  const kubeConfig = (): KubeConfig => {
    const kc = new KubeConfig();
    kc.loadFromFile(urls.KUBECONFIG);
    return kc;
  };

  const env: StackEnv = {
    ...urls,
    id,
    config,
    async createDatabase() {
      const name = names.database(databases.length + 1);
      await withAdmin(urls.DATABASE_URL, async (client) => {
        await retry(() => client.query(`CREATE DATABASE "${name}"`), isTemplateBusy);
      });
      databases.push(name);
      return withDatabase(urls.DATABASE_URL, name);
    },
    get natsPrefix() {
      natsUsed = true;
      return names.natsPrefix;
    },
    natsName(base) {
      natsUsed = true;
      return `${names.natsPrefix}_${base}`;
    },
    natsSubject(subject) {
      natsUsed = true;
      return `${names.natsSubjectPrefix}.${subject}`;
    },
    get neo4jLabelPrefix() {
      neo4jUsed = true;
      return names.neo4jLabelPrefix;
    },
    neo4jLabel(base) {
      neo4jUsed = true;
      return `${names.neo4jLabelPrefix}${base}`;
    },
    async createNamespace() {
      const name = names.namespace(namespaces.length + 1);
      const core = kubeConfig().makeApiClient(CoreV1Api);
      await core.createNamespace({
        body: { metadata: { name, labels: { 'tributary.dev/test-suite': id } } },
      });
      namespaces.push(name);
      return name;
    },
    kubeConfig,
    async cleanup() {
      const errors: unknown[] = [];
      const attempt = async (fn: () => Promise<void>): Promise<void> => {
        try {
          await fn();
        } catch (err) {
          errors.push(err);
        }
      };
      const dbs = databases.splice(0);
      if (dbs.length > 0) {
        await attempt(() =>
          withAdmin(urls.DATABASE_URL, async (client) => {
            for (const db of dbs) await client.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
          }),
        );
      }
      const nss = namespaces.splice(0);
      if (nss.length > 0) await attempt(() => deleteNamespaces(kubeConfig(), nss));
      if (natsUsed) {
        natsUsed = false;
        await attempt(() => deleteStreams(urls.NATS_URL, names.natsPrefix));
      }
      if (neo4jUsed) {
        neo4jUsed = false;
        await attempt(() => deleteGraph(urls.NEO4J_URL, names.neo4jLabelPrefix));
      }
      if (errors.length > 0) throw new AggregateError(errors, `testkit cleanup of suite ${id} failed`);
    },
    [Symbol.asyncDispose]() {
      return env.cleanup();
    },
  };
  return env;
}

async function withAdmin<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE fails while another session uses template1 (e.g. a concurrent CREATE). */
function isTemplateBusy(err: unknown): boolean {
  return (err as { code?: string }).code === '55006';
}

async function retry<T>(fn: () => Promise<T>, retryable: (err: unknown) => boolean, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries || !retryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 100 * i));
    }
  }
}

/** Deletes namespaces and waits until the namespace controller has removed them and their content. */
async function deleteNamespaces(kc: KubeConfig, names: string[]): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const gone = async (name: string): Promise<boolean> => {
    try {
      await core.readNamespace({ name });
      return false;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return true;
      throw err;
    }
  };
  for (const name of names) {
    try {
      await core.deleteNamespace({ name });
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
  for (const name of names) await waitFor(`namespace ${name} to be deleted`, () => gone(name), 180_000);
}

async function deleteStreams(natsUrl: string, prefix: string): Promise<void> {
  const nc = await natsConnect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) {
      if (streamBelongsTo(name, prefix)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}

async function deleteGraph(neo4jUrl: string, labelPrefix: string): Promise<void> {
  const driver = neo4j.driver(neo4jUrl);
  try {
    const mine = (labels: unknown): boolean =>
      Array.isArray(labels) && labels.some((l) => typeof l === 'string' && l.startsWith(labelPrefix));
    const constraints = await driver.executeQuery('SHOW CONSTRAINTS YIELD name, labelsOrTypes');
    for (const rec of constraints.records) {
      if (mine(rec.get('labelsOrTypes')))
        await driver.executeQuery(`DROP CONSTRAINT \`${rec.get('name')}\` IF EXISTS`);
    }
    const indexes = await driver.executeQuery('SHOW INDEXES YIELD name, labelsOrTypes, type');
    for (const rec of indexes.records) {
      if (rec.get('type') !== 'LOOKUP' && mine(rec.get('labelsOrTypes'))) {
        await driver.executeQuery(`DROP INDEX \`${rec.get('name')}\` IF EXISTS`);
      }
    }
    await driver.executeQuery(
      'MATCH (n) WHERE any(l IN labels(n) WHERE l STARTS WITH $prefix) DETACH DELETE n',
      { prefix: labelPrefix },
    );
  } finally {
    await driver.close();
  }
}
