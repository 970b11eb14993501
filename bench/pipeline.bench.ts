// The whole pipeline on the real local stack: N feeds × M items served by the fixture server,
// ingested (fetch → parse → publish, in-process, 4 feeds at a time — what the per-run process costs
// is measured by ingest.bench.ts) while the store, enrich and graph workers run as real
// `tributary worker` processes. Measures the time until every item is in Postgres and Neo4j (with
// its entity mentions), and each stage's throughput over the same clock: ingest publish, store,
// enrich, graph. Stages overlap, so the last stage to finish is the bottleneck.
// Writes bench/results/pipeline.json. Sizes: BENCH_FEEDS (50), BENCH_ITEMS (200).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { ensureTopology, subjects, topologyNames } from '@tributary/events';
import { openFetchStateKv } from '../services/ingestor/src/state-store.ts';
import { Fetcher } from '@tributary/feeds/fetch';
import { startFixtureServer } from '@tributary/fixture-server';
import type { FixtureFormat } from '@tributary/fixture-server';
import { countGraph, createGraphDriver, graphConfigFromEnv, graphLabels } from '@tributary/graph';
import type { FeedSpec } from '@tributary/feed-api';
import { createLogger } from '@tributary/log';
import { useStack } from '@tributary/testkit';
import { runIngest } from '../services/ingestor/src/run.ts';
import { runTributary, tributaryProc } from '../test/e2e/harness.ts';
import type { Proc } from '../test/e2e/harness.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 50);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 200);
const TOTAL = FEEDS * ITEMS;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000);
const formats: FixtureFormat[] = ['rss2', 'atom10', 'json11', 'rdf'];

const env = await useStack();
const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-pipeline-'));
const dbUrl = await env.createDatabase();
const labels = graphLabels(env.neo4jLabelPrefix);
const workerEnv: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  DATABASE_URL: dbUrl,
  NATS_URL: env.NATS_URL,
  TRIBUTARY_NATS_PREFIX: env.natsPrefix,
  NEO4J_URL: env.NEO4J_URL,
  TRIBUTARY_NEO4J_LABEL_PREFIX: env.neo4jLabelPrefix,
  LOG_LEVEL: 'warn',
};
const procs: Proc[] = [];
const nc = await connect({ servers: env.NATS_URL });
const db = new pg.Client({ connectionString: dbUrl });
const driver = createGraphDriver(graphConfigFromEnv({ NEO4J_URL: env.NEO4J_URL }));
const server = await startFixtureServer({ feeds: FEEDS, items: ITEMS });
const results: Record<string, unknown> = {
  feeds: FEEDS,
  itemsPerFeed: ITEMS,
  items: TOTAL,
  machine: '2 cores, shared with other workloads (load average in `loadAverage`)',
};

/** CPU seconds (user + system) a child process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

async function pool<T>(xs: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < xs.length) await fn(xs[i++]!);
    }),
  );
}

try {
  const migrated = await runTributary(['migrate'], workerEnv);
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  await db.connect();
  await ensureTopology(nc, { prefix: env.natsPrefix });
  for (const role of ['store', 'enrich', 'graph']) {
    const p = await tributaryProc(role, ['worker', role], workerEnv, dir, true);
    await p.start(120_000);
    procs.push(p);
  }

  const jsm = await jetstreamManager(nc);
  const streams = topologyNames(env.natsPrefix).streams;
  const kv = await openFetchStateKv(nc, env.natsPrefix);
  const fetcher = new Fetcher({ allowPrivateNetworks: true, perHostConcurrency: 8 });
  process.env.LOG_LEVEL ??= 'warn';
  const log = createLogger('bench-pipeline');
  const feeds = Array.from({ length: FEEDS }, (_, n) => ({
    uid: randomUUID(),
    namespace: 'bench',
    name: `feed-${n}`,
    generation: 1,
    spec: { url: server.feedUrl(n, formats[n % formats.length]!), interval: '15m' } as FeedSpec,
  }));

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const at = () => (performance.now() - t0) / 1000;
  const done: Record<string, number> = {};
  let published = 0;
  const ingest = pool(feeds, 4, async (feed) => {
    const r = await runIngest({
      feed,
      headers: {},
      fetcher,
      js: jetstream(nc),
      kv,
      subjects: subjects(env.natsPrefix),
      log,
    });
    published += r.itemsPublished;
  }).then(() => {
    done.ingest = at();
    const c = process.cpuUsage(cpu0);
    ingestCpu = (c.user + c.system) / 1e6;
  });
  let ingestCpu = 0;

  // Poll each projection; a stage is done when all TOTAL items passed through it.
  const samples: Array<Record<string, number>> = [];
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const pgItems = Number((await db.query<{ n: string }>('select count(*) as n from items')).rows[0]?.n);
    const enriched = (await jsm.streams.info(streams.ENRICHED)).state.messages;
    const g = await countGraph(driver, 'neo4j', labels);
    const mentionsPending = (await jsm.consumers.info(streams.ENRICHED, 'graph-writer-enriched')).num_pending;
    const s = { t: +at().toFixed(2), published, pgItems, enriched, graphItems: g.items, mentionsPending };
    samples.push(s);
    if (pgItems >= TOTAL) done.store ??= at();
    if (enriched >= TOTAL) done.enrich ??= at();
    if (g.items >= TOTAL && enriched >= TOTAL && mentionsPending === 0) done.graph ??= at();
    if (done.ingest && done.store && done.graph) break;
    if (Date.now() > deadline) throw new Error(`not done after ${TIMEOUT_MS} ms: ${JSON.stringify(s)}`);
    await sleep(250);
  }
  await ingest;
  if (published !== TOTAL) throw new Error(`published ${published}, expected ${TOTAL}`);

  const rate = (sec: number | undefined) => (sec ? Math.round(TOTAL / sec) : null);
  const endToEnd = Math.max(done.store!, done.graph!);
  const stages = { ingestPublish: done.ingest, store: done.store, enrich: done.enrich, graph: done.graph };
  const bottleneck = Object.entries(stages).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0]![0];
  const neo = await countGraph(driver, 'neo4j', labels);
  // Items per CPU-second of each role's own process (the servers' CPU not included): on a shared
  // box this is the comparable number; wall-clock rates depend on what else runs.
  const perCpu = (sec: number | null) => (sec ? Math.round(TOTAL / sec) : null);
  const roleCpu = Object.fromEntries(procs.map((p) => [p.name, cpuSeconds(p.child?.pid)]));
  const cpu = { ingest: +ingestCpu.toFixed(2), ...roleCpu };

  // Each projection alone, draining full streams: `tributary replay` into empty stores.
  const drain: Record<string, unknown> = {};
  const replayDb = await env.createDatabase();
  await runTributary(['migrate'], { ...workerEnv, DATABASE_URL: replayDb });
  for (const [to, extra] of [
    ['store', { DATABASE_URL: replayDb }],
    ['graph', { TRIBUTARY_NEO4J_LABEL_PREFIX: `${env.neo4jLabelPrefix}d` }],
  ] as const) {
    const t = performance.now();
    const r = await runTributary(['replay', '--to', to], { ...workerEnv, ...extra }, TIMEOUT_MS);
    const sec = (performance.now() - t) / 1000;
    if (r.code !== 0) throw new Error(`replay --to ${to} failed: ${r.stderr.slice(-2000)}`);
    drain[to] = {
      seconds: +sec.toFixed(2),
      itemsPerSec: Math.round(TOTAL / sec),
      output: r.stdout.trim().split('\n'),
    };
  }
  Object.assign(results, {
    secondsUntilDone: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, v && +v.toFixed(2)])),
    itemsPerSec: {
      ingestPublish: rate(done.ingest),
      store: rate(done.store),
      enrich: rate(done.enrich),
      graph: rate(done.graph),
      endToEnd: rate(endToEnd),
    },
    bottleneck,
    cpuSeconds: cpu,
    itemsPerCpuSecond: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, perCpu(v)])),
    drainFromFullStreams: drain,
    goalItemsPerSec: 5000,
    neo4j: { items: neo.items, entities: neo.entities, mentions: neo.mentions },
    loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
    timeline: samples.filter((_, i) => i % 4 === 0 || i === samples.length - 1),
  });
  console.log(JSON.stringify({ ...results, timeline: undefined }, null, 2));
} finally {
  for (const p of procs.reverse()) await p.stop().catch(() => undefined);
  await server.close();
  await nc.close();
  await driver.close();
  await db.end().catch(() => undefined);
  await env.cleanup().catch((err: unknown) => console.error(String(err)));
  rmSync(dir, { recursive: true, force: true });
}

const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}pipeline.json`, `${JSON.stringify(results, null, 2)}\n`);
