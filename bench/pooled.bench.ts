// Pooled ingestion cost against the real local NATS (testkit isolation) and the fixture server
// (loopback, in this process — its CPU is counted too, so the per-fetch numbers are upper bounds):
//   1. cold: N forced work items through one in-process ingest worker (fetch, parse, publish)
//   2. nothing changed: N forced work items, every fetch a 304 — CPU ms per fetch (goal ≪ 10 ms)
//   3. cronjob mode's unit of work: `tributary ingest` as a process per 304 fetch (wall, CPU-s of the child)
// and the crossover (docs/ingest-modes.md). Writes bench/results/pooled.json and pooled.md.
// Sizes: BENCH_FEEDS (200), BENCH_PROCESS_RUNS (5).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  createEvent,
  ensureTopology,
  fetchDueMsgId,
  publishEvent,
  subjects,
  topologyNames,
} from '@tributary/events';
import { Fetcher } from '@tributary/feeds/fetch';
import { startFixtureServer } from '@tributary/fixture-server';
import type { FeedSpec } from '@tributary/feed-api';
import { createLogger } from '@tributary/log';
import { useStack } from '@tributary/testkit';
import { runIngestWorker } from '../services/ingestor/src/worker.ts';
import type { FeedRef } from '../services/ingestor/src/config.ts';
import { ingestProcess } from '../test/e2e/harness.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const PROCESS_RUNS = Number(process.env.BENCH_PROCESS_RUNS ?? 5);
process.env.LOG_LEVEL ??= 'error';

const env = await useStack({ servers: ['nats'] });
const nc = await connect({ servers: env.NATS_URL });
await ensureTopology(nc, { prefix: env.natsPrefix });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
const subj = subjects(env.natsPrefix);
const queue = topologyNames(env.natsPrefix).fetchQueue;
const server = await startFixtureServer({ feeds: FEEDS, items: 20 });
const feeds: FeedRef[] = Array.from({ length: FEEDS }, (_, n) => ({
  uid: randomUUID(),
  namespace: 'bench',
  name: `f-${n}`,
  generation: 1,
  spec: { url: server.feedUrl(n, 'rss2'), interval: '15m' } as FeedSpec,
}));

const workerNc = await connect({ servers: env.NATS_URL });
const fetcher = new Fetcher({ allowPrivateNetworks: true, perHostConcurrency: 16 });
const stopping = new AbortController();
let ready!: () => void;
const bound = new Promise<void>((r) => (ready = r));
const worker = runIngestWorker({
  nc: workerNc,
  natsPrefix: env.natsPrefix,
  fetcher,
  logger: createLogger('bench-pooled'),
  signal: stopping.signal,
  onReady: ready,
  concurrency: 16,
  perHost: 16,
});
await bound;

async function round(tag: string): Promise<{ wallMs: number; cpuMs: number; perFetchCpuMs: number }> {
  const before = server.requests.length;
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (const f of feeds) {
    const data = {
      feed: { ...f, spec: f.spec as unknown as { url: string } },
      dueAt: new Date().toISOString(),
      reason: 'run-now' as const,
      force: true,
    };
    await publishEvent(js, subj.fetchDue(f.uid), createEvent('feed.fetch-due', data), {
      msgId: fetchDueMsgId(f.uid, tag),
    });
  }
  for (;;) {
    const info = await jsm.consumers.info(queue.stream, queue.consumer);
    if (server.requests.length - before >= FEEDS && info.num_pending === 0 && info.num_ack_pending === 0)
      break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const wallMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return {
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs),
    perFetchCpuMs: Number((cpuMs / FEEDS).toFixed(2)),
  };
}

/** CPU of waited-for children (utime + stime of /proc/self/stat, clock ticks of 10 ms). */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

try {
  const cold = await round('cold');
  const notModified = await round('304-a');
  const notModified2 = await round('304-b');
  stopping.abort();
  await worker;

  const walls: number[] = [];
  const cpu0 = childrenCpuMs();
  for (let i = 0; i < PROCESS_RUNS; i++) {
    const feed = feeds[i]!;
    const t = performance.now();
    const code = await ingestProcess(feed, env, { force: true });
    if (code !== 0) throw new Error(`ingest exited ${code}`);
    walls.push(performance.now() - t);
  }
  const processCpuMs = (childrenCpuMs() - cpu0) / PROCESS_RUNS;
  const median = [...walls].sort((a, b) => a - b)[Math.floor(walls.length / 2)]!;
  const pooled304 = Math.min(notModified.perFetchCpuMs, notModified2.perFetchCpuMs);
  const results = {
    feeds: FEEDS,
    machine: '2 cores (shared with other sessions)',
    pooled: { cold, notModified: [notModified, notModified2] },
    cronjobProcess: {
      runs: PROCESS_RUNS,
      medianWallMs: Math.round(median),
      cpuMsPerRun: Math.round(processCpuMs),
    },
    ratio304: Number((processCpuMs / pooled304).toFixed(1)),
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/pooled.json', `${JSON.stringify(results, null, 2)}\n`);
  const md = [
    `# Pooled ingestion (${FEEDS} feeds, fixture server in-process; upper bounds)`,
    '',
    '| run | wall | CPU | CPU per fetch |',
    '|---|---|---|---|',
    `| pooled cold (parse + publish 20 items/feed) | ${cold.wallMs} ms | ${cold.cpuMs} ms | ${cold.perFetchCpuMs} ms |`,
    `| pooled 304 refresh | ${notModified.wallMs} ms | ${notModified.cpuMs} ms | ${notModified.perFetchCpuMs} ms |`,
    `| pooled 304 refresh (again) | ${notModified2.wallMs} ms | ${notModified2.cpuMs} ms | ${notModified2.perFetchCpuMs} ms |`,
    `| cronjob mode: \`tributary ingest\` process per 304 fetch | ${Math.round(median)} ms (median) | ${Math.round(processCpuMs)} ms | ${Math.round(processCpuMs)} ms |`,
    '',
    `A 304 costs ${results.ratio304}× more CPU as a process than in the pool (a pod adds scheduling and container start on top).`,
    '',
  ].join('\n');
  writeFileSync('bench/results/pooled.md', md);
  process.stdout.write(md);
} finally {
  await fetcher.close();
  await workerNc.close();
  await server.close();
  await nc.close();
  await env.cleanup();
}
