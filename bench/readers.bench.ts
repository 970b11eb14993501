// Tributary side by side with Miniflux (scripts/tools/miniflux.sh) against the same local feeds on
// the fixture server (loopback only), interleaved per phase: cold ingest, nothing-changed refresh
// (all 304) and a refresh after 10% of the feeds gained 5 items. For each system and phase: wall
// time, CPU seconds summed over every process of the system (databases included) and peak RSS.
//   Miniflux: `miniflux -refresh-feeds` (its pool of WORKER_POOL_SIZE workers) + its own Postgres
//     (the stack's binaries, own data dir and port, loopback).
//   Tributary (BENCH_TRIBUTARY_MODE, default job): `job` runs one `tributary ingest` process per
//     feed, 4 at a time (what the local operator and a CronJob per Feed do), with the store, enrich
//     and graph workers running; the store path (ingest + store worker + its Postgres backends +
//     NATS) and the graph path (ingest + enrich + graph workers + Neo4j + NATS) are reported apart.
// NATS and Neo4j are the shared stack's: their CPU delta includes other users of the machine (an
// upper bound); the machine's load and other CPU use are recorded next to each phase.
// Sizes: BENCH_READERS_FEEDS (comma list, default "1000"), BENCH_ITEMS (50).
// Writes bench/results/readers.json and readers.md.
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { ensureTopology, topologyNames } from '@tributary/events';
import { startFixtureServer } from '@tributary/fixture-server';
import type { FixtureFormat, FixtureServer } from '@tributary/fixture-server';
import { countGraph, createGraphDriver, graphConfigFromEnv, graphLabels } from '@tributary/graph';
import { freePort, useStack } from '@tributary/testkit';
import { runTributary, tributaryProc } from '../test/e2e/harness.ts';
import type { Proc } from '../test/e2e/harness.ts';
import { findPids, machineCpuSeconds, meter, reapedChildrenCpuSeconds, treeUsage } from './procstat.ts';

const exec = promisify(execFile);
const SIZES = (process.env.BENCH_READERS_FEEDS ?? '1000').split(',').map(Number);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const MODE = process.env.BENCH_TRIBUTARY_MODE ?? 'job';
const JOB_CONCURRENCY = 4;
const MINIFLUX_WORKERS = 16;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 3_600_000);
const CACHE = process.env.TRIBUTARY_CACHE ?? join(process.env.HOME ?? '', '.cache', 'tributary');
const PG_BIN = '/usr/lib/postgresql/15/bin';
const formats: FixtureFormat[] = ['rss2', 'atom10', 'json11', 'rdf'];
const PHASES = ['cold', 'unchanged', 'changed10'] as const;
type Phase = (typeof PHASES)[number];

if (MODE !== 'job') throw new Error(`BENCH_TRIBUTARY_MODE=${MODE}: this bench knows the modes: job`);

interface Measure {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  [k: string]: unknown;
}
interface System {
  name: string;
  setup(server: FixtureServer, feeds: number): Promise<void>;
  run(phase: Phase, expectedItems: number): Promise<Record<string, Measure>>;
  close(): Promise<void>;
}

function runChild(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  onSpawn: (pid: number) => void = () => undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (child.pid) onSpawn(child.pid);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (c) =>
      c === 0 ? resolve() : reject(new Error(`${cmd} ${args[0]} exited ${c}: ${err}`)),
    );
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${TIMEOUT_MS} ms`);
    await sleep(200);
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

/** Miniflux with its own Postgres cluster (as the postgres user when root: Postgres refuses root). */
function miniflux(): System {
  const bin = join(CACHE, 'tools', `miniflux-${process.env.MINIFLUX_VERSION ?? '2.3.5'}`, 'bin', 'miniflux');
  const dataDir = mkdtempSync(
    join(process.getuid?.() === 0 ? '/var/lib/tributary' : tmpdir(), 'bench-miniflux-pg-'),
  );
  const runAs = process.getuid?.() === 0 ? { uid: 0, gid: 0 } : undefined;
  let postmaster: ReturnType<typeof spawn> | undefined;
  let db: pg.Client | undefined;
  let env: Record<string, string> = {};
  return {
    name: 'miniflux',
    async setup(server, feeds) {
      if (runAs) {
        const { stdout } = await exec('id', ['-u', 'postgres']);
        runAs.uid = Number(stdout.trim());
        runAs.gid = Number((await exec('id', ['-g', 'postgres'])).stdout.trim());
        chownSync(dataDir, runAs.uid, runAs.gid);
      }
      await exec(join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync'], {
        env: { ...process.env, LC_ALL: 'C' },
        cwd: '/',
        ...(runAs ?? {}),
      });
      const port = await freePort();
      postmaster = spawn(
        join(PG_BIN, 'postgres'),
        [
          '-D',
          dataDir,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `unix_socket_directories=${dataDir}`,
        ],
        // The same durability settings as the stack's Postgres Tributary writes to.
        { cwd: '/', stdio: 'ignore', ...(runAs ?? {}), env: { LC_ALL: 'C.UTF-8' } },
      );
      await waitUntil('miniflux postgres', async () => {
        try {
          await exec(join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]);
          return true;
        } catch {
          return false;
        }
      });
      const url = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
      env = {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: url,
        ADMIN_USERNAME: 'bench',
        ADMIN_PASSWORD: 'bench-password',
        FETCHER_ALLOW_PRIVATE_NETWORKS: '1',
        BATCH_SIZE: String(feeds),
        WORKER_POOL_SIZE: String(MINIFLUX_WORKERS),
        POLLING_LIMIT_PER_HOST: '0',
        POLLING_PARSING_ERROR_LIMIT: '0',
        LOG_LEVEL: 'error',
      };
      await runChild(bin, ['-migrate'], env);
      // -create-admin wants a terminal; CREATE_ADMIN creates it from the environment at start-up
      // (no feeds yet, so this refresh does nothing else).
      await runChild(bin, ['-refresh-feeds'], { ...env, CREATE_ADMIN: '1' });
      db = new pg.Client({ connectionString: url });
      await db.connect();
      await db.query(
        `insert into feeds (user_id, category_id, feed_url, site_url, title, next_check_at)
         select u.id, (select id from categories where user_id = u.id order by id limit 1), f.url, f.url, f.url, now()
         from users u, unnest($1::text[]) as f(url) where u.username = 'bench'`,
        [Array.from({ length: feeds }, (_, n) => server.feedUrl(n, formats[n % formats.length]!))],
      );
    },
    async run(_phase, expectedItems) {
      await db!.query(`update feeds set next_check_at = now() - interval '1 minute'`);
      let pid = 0;
      // CPU of the exiting miniflux process comes from this process's reaped-children total.
      const m = meter(() => [postmaster!.pid!, pid]);
      const child0 = reapedChildrenCpuSeconds();
      const t = performance.now();
      await runChild(bin, ['-refresh-feeds'], env, (p) => (pid = p));
      const wall = (performance.now() - t) / 1000;
      const r = m.stop();
      const entries = Number((await db!.query<{ n: string }>('select count(*) n from entries')).rows[0]!.n);
      if (entries !== expectedItems)
        throw new Error(`miniflux has ${entries} entries, expected ${expectedItems}`);
      const minifluxCpu = reapedChildrenCpuSeconds() - child0;
      return {
        miniflux: {
          wallSeconds: +wall.toFixed(2),
          cpuSeconds: +(r.cpuSeconds + minifluxCpu).toFixed(2),
          peakRssMB: r.peakRssMB,
          postgresCpuSeconds: r.cpuSeconds,
          minifluxCpuSeconds: +minifluxCpu.toFixed(2),
          entries,
        },
      };
    },
    async close() {
      await db?.end().catch(() => undefined);
      postmaster?.kill('SIGTERM');
      if (postmaster && postmaster.exitCode === null) await new Promise((r) => postmaster!.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Tributary in job mode: one `tributary ingest` process per feed, the workers running. */
function tributaryJob(): System {
  const logDir = mkdtempSync(join(tmpdir(), 'bench-readers-'));
  const procs: Proc[] = [];
  let stack: Awaited<ReturnType<typeof useStack>>;
  let workerEnv: Record<string, string> = {};
  let db: pg.Client;
  let dbName = '';
  let feeds: Array<{ uid: string; namespace: string; name: string; generation: number; spec: object }> = [];
  let driver: ReturnType<typeof createGraphDriver>;
  let nc: Awaited<ReturnType<typeof connect>>;
  let labels: ReturnType<typeof graphLabels>;
  let natsPids: number[] = [];
  let neo4jPids: number[] = [];
  const role = (name: string) => procs.find((p) => p.name === name)!.child!.pid!;
  const backends = async () =>
    (
      await db.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [dbName],
      )
    ).rows.map((r) => r.pid);
  return {
    name: 'tributary',
    async setup(server, n) {
      stack = await useStack();
      const dbUrl = await stack.createDatabase();
      dbName = new URL(dbUrl).pathname.slice(1);
      labels = graphLabels(stack.neo4jLabelPrefix);
      workerEnv = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: dbUrl,
        NATS_URL: stack.NATS_URL,
        TRIBUTARY_NATS_PREFIX: stack.natsPrefix,
        NEO4J_URL: stack.NEO4J_URL,
        TRIBUTARY_NEO4J_LABEL_PREFIX: stack.neo4jLabelPrefix,
        TRIBUTARY_ALLOW_PRIVATE_NETWORKS: 'true',
        LOG_LEVEL: 'error',
      };
      const migrated = await runTributary(['migrate'], workerEnv);
      if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
      nc = await connect({ servers: stack.NATS_URL });
      await ensureTopology(nc, { prefix: stack.natsPrefix });
      db = new pg.Client({ connectionString: dbUrl });
      await db.connect();
      driver = createGraphDriver(graphConfigFromEnv({ NEO4J_URL: stack.NEO4J_URL }));
      for (const r of ['store', 'enrich', 'graph']) {
        const p = await tributaryProc(r, ['worker', r], workerEnv, logDir, true);
        await p.start(120_000);
        procs.push(p);
      }
      natsPids = findPids('nats-server', new URL(stack.NATS_URL).port);
      neo4jPids = findPids('java', 'neo4j').slice(0, 1);
      feeds = Array.from({ length: n }, (_, i) => ({
        uid: randomUUID(),
        namespace: 'bench',
        name: `feed-${i}`,
        generation: 1,
        spec: { url: server.feedUrl(i, formats[i % formats.length]!), interval: '15m' },
      }));
    },
    async run(_phase, expectedItems) {
      const jsm = await jetstreamManager(nc);
      const enriched = topologyNames(stack.natsPrefix).streams.ENRICHED;
      const pgBackends = await backends();
      const meters = {
        store: meter(() => [role('store'), ...pgBackends]),
        enrich: meter(() => [role('enrich')]),
        graph: meter(() => [role('graph')]),
        nats: meter(() => natsPids),
        neo4j: meter(() => neo4jPids),
      };
      const child0 = reapedChildrenCpuSeconds();
      const t = performance.now();
      let ingestPeakRss = 0;
      await pool(feeds, JOB_CONCURRENCY, async (feed) => {
        const child = spawn(
          process.execPath,
          [
            fileURLToPath(new URL('../bin/tributary.js', import.meta.url)),
            'ingest',
            '--feed',
            `bench/${feed.name}`,
            '--force',
          ],
          {
            env: { ...workerEnv, TRIBUTARY_FEED: JSON.stringify(feed) },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
        const sampler = setInterval(() => {
          ingestPeakRss = Math.max(ingestPeakRss, treeUsage([child.pid!]).rssBytes);
        }, 250);
        const code = await new Promise<number | null>((res) => child.on('close', res));
        clearInterval(sampler);
        if (code !== 0) throw new Error(`tributary ingest ${feed.name} exited ${code}: ${err}`);
      });
      const ingestWall = (performance.now() - t) / 1000;
      const ingestCpu = reapedChildrenCpuSeconds() - child0;
      const count = async () =>
        Number((await db.query<{ n: string }>('select count(*) n from items')).rows[0]!.n);
      await waitUntil('store', async () => (await count()) >= expectedItems);
      const storeWall = (performance.now() - t) / 1000;
      const storeM = meters.store.stop();
      await waitUntil('graph', async () => {
        const g = await countGraph(driver, 'neo4j', labels);
        const pending = (await jsm.consumers.info(enriched, 'graph-writer-enriched')).num_pending;
        const e = (await jsm.streams.info(enriched)).state.messages;
        return g.items >= expectedItems && e >= expectedItems && pending === 0;
      });
      const graphWall = (performance.now() - t) / 1000;
      const [enrichM, graphM, natsM, neoM] = [meters.enrich, meters.graph, meters.nats, meters.neo4j].map(
        (m) => m.stop(),
      );
      const ingest = {
        cpuSeconds: +ingestCpu.toFixed(2),
        peakRssMB: Math.round((ingestPeakRss * JOB_CONCURRENCY) / 1e6),
      };
      const sum = (...xs: number[]) => +xs.reduce((a, b) => a + b, 0).toFixed(2);
      return {
        tributaryStore: {
          wallSeconds: +storeWall.toFixed(2),
          cpuSeconds: sum(ingest.cpuSeconds, storeM!.cpuSeconds, natsM!.cpuSeconds),
          peakRssMB: ingest.peakRssMB + storeM!.peakRssMB + natsM!.peakRssMB,
          ingestWallSeconds: +ingestWall.toFixed(2),
          parts: { ingest, storeWorkerAndPostgres: storeM, nats: natsM },
          items: await count(),
        },
        tributaryGraph: {
          wallSeconds: +graphWall.toFixed(2),
          cpuSeconds: sum(
            ingest.cpuSeconds,
            enrichM!.cpuSeconds,
            graphM!.cpuSeconds,
            natsM!.cpuSeconds,
            neoM!.cpuSeconds,
          ),
          peakRssMB:
            ingest.peakRssMB + enrichM!.peakRssMB + graphM!.peakRssMB + natsM!.peakRssMB + neoM!.peakRssMB,
          parts: { ingest, enrichWorker: enrichM, graphWorker: graphM, nats: natsM, neo4j: neoM },
        },
      };
    },
    async close() {
      for (const p of procs.reverse()) await p.stop().catch(() => undefined);
      await nc?.close();
      await driver?.close();
      await db?.end().catch(() => undefined);
      await stack?.cleanup().catch((e: unknown) => console.error(String(e)));
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

const results: Record<string, unknown> = {
  itemsPerFeed: ITEMS,
  tributaryMode: MODE,
  minifluxWorkers: MINIFLUX_WORKERS,
  tributaryJobConcurrency: JOB_CONCURRENCY,
  machine: '2 cores shared with other helpers (load and other CPU use recorded per phase)',
  runs: [] as unknown[],
};
for (const feeds of SIZES) {
  const server = await startFixtureServer({ feeds, items: ITEMS });
  const systems = [miniflux(), tributaryJob()];
  try {
    for (const s of systems) await s.setup(server, feeds);
    let expected = feeds * ITEMS;
    for (const phase of PHASES) {
      if (phase === 'changed10') {
        for (let n = 0; n < feeds; n += 10) server.addItems(n, 5);
        expected += Math.ceil(feeds / 10) * 5;
      }
      // Interleaved: each system runs the phase in turn against the same feed state.
      for (const s of systems) {
        const load0 = loadavg()[0]!;
        const machine0 = machineCpuSeconds();
        const t = performance.now();
        const m = await s.run(phase, expected);
        const wall = (performance.now() - t) / 1000;
        const own = Object.values(m).reduce((a, x) => Math.max(a, x.cpuSeconds), 0);
        const row = {
          feeds,
          phase,
          system: s.name,
          ...m,
          load: {
            loadavg1Before: +load0.toFixed(2),
            loadavg1After: +loadavg()[0]!.toFixed(2),
            machineBusyCpuSeconds: +(machineCpuSeconds() - machine0).toFixed(1),
            otherCpuSeconds: +(machineCpuSeconds() - machine0 - own).toFixed(1),
            wallSeconds: +wall.toFixed(2),
          },
        };
        (results.runs as unknown[]).push(row);
        console.log(JSON.stringify(row));
      }
    }
  } finally {
    for (const s of systems) await s.close();
    await server.close();
  }
}

type Row = { feeds: number; phase: Phase; system: string } & Record<string, Measure>;
const rows = results.runs as Row[];
const fmt = (m: Measure | undefined) =>
  m ? `${m.wallSeconds} s, ${m.cpuSeconds} CPU-s, ${m.peakRssMB} MB` : '–';
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(1)}×` : '–');
const md = [
  '# Tributary vs Miniflux (same local feeds, interleaved)',
  '',
  `Miniflux v2.3.5 (${MINIFLUX_WORKERS} workers, own Postgres) vs Tributary ${MODE} mode (one \`tributary ingest\``,
  `process per feed, ${JOB_CONCURRENCY} at a time). ${ITEMS} items per feed. Cells: wall, CPU-seconds over every`,
  'process of the system (databases included), peak RSS. Store path: ingest + store worker + its Postgres backends',
  '+ NATS; graph path: ingest + enrich + graph workers + Neo4j + NATS (shared servers: their CPU includes',
  'other users, an upper bound). Ratios are Tributary / Miniflux (wall, CPU). Machine load per phase in',
  'readers.json (`load`).',
  '',
  '| feeds | run | Miniflux | Tributary store path | Tributary graph path | store ratio (wall, CPU) | graph ratio (wall, CPU) |',
  '|---|---|---|---|---|---|---|',
];
for (const feeds of SIZES) {
  for (const phase of PHASES) {
    const mf = rows.find((r) => r.feeds === feeds && r.phase === phase && r.system === 'miniflux')?.miniflux;
    const tr = rows.find((r) => r.feeds === feeds && r.phase === phase && r.system === 'tributary');
    const st = tr?.tributaryStore;
    const gr = tr?.tributaryGraph;
    md.push(
      `| ${feeds} | ${phase} | ${fmt(mf)} | ${fmt(st)} | ${fmt(gr)} | ${ratio(st?.wallSeconds, mf?.wallSeconds)}, ${ratio(st?.cpuSeconds, mf?.cpuSeconds)} | ${ratio(gr?.wallSeconds, mf?.wallSeconds)}, ${ratio(gr?.cpuSeconds, mf?.cpuSeconds)} |`,
    );
  }
}
const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}readers.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${out}readers.md`, `${md.join('\n')}\n`);
console.log(md.join('\n'));
