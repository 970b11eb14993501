// REST API under load against the real local stack (testkit isolation):
//   100k items (BENCH_ITEMS) written through the store worker's writer, the API started as its own
//   process (`tributary api`, production settings: access log on, request validation on, response
//   validation off), then autocannon on GET /api/v1/items (list, default page of 50) and on full-text
//   search (`q=`, a common and a rare term) at 50 and 200 connections.
// Writes bench/results/api.json (+ api.md). Never asserts timings.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { useStack } from '@tributary/testkit';
import { generateSigningJwk } from '@tributary/auth';
import { freePort, migrate, stackApiEnv } from '../services/api/test/harness.ts';
import { loadStore, makeItem, upsertEvent } from '../services/api/test/fixtures.ts';
import type { FixtureFeed } from '../services/api/test/fixtures.ts';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
const FEEDS = 100;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

interface Row {
  scenario: string;
  path: string;
  connections: number;
  requestsPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerRequest: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function load(
  url: string,
  token: string,
  connections: number,
  seconds: number,
): Promise<Omit<Row, 'scenario' | 'path'>> {
  const latencies: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, headers: { authorization: `Bearer ${token}` }, timeout: 10 },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    // autocannon reports p50/p90/p97.5/p99 but not p95: keep every response time.
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    connections,
    requestsPerSec: round(r.requests.average),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? 0),
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    bytesPerRequest: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
  };
}

async function main(): Promise<void> {
  const stack = await useStack();
  try {
    const databaseUrl = await stack.createDatabase();
    await migrate(databaseUrl);
    const feeds: FixtureFeed[] = Array.from({ length: FEEDS }, (_, f) => ({
      uid: `bench-feed-${f}`,
      namespace: 'bench',
      name: `feed-${f}`,
      url: `https://f${f}.example/feed.xml`,
      tags: [f % 2 ? 'odd' : 'even'],
    }));
    const t0 = performance.now();
    const perFeed = Math.ceil(N / FEEDS);
    const events = [];
    for (let i = 0; i < N; i++) {
      const feed = feeds[i % FEEDS] as FixtureFeed;
      events.push(upsertEvent(feed, makeItem(feed, Math.floor(i / FEEDS) + (i % FEEDS) * perFeed), i + 1));
    }
    await loadStore(databaseUrl, events, 1000);
    const loadSeconds = (performance.now() - t0) / 1000;
    console.error(`loaded ${N} items in ${loadSeconds.toFixed(1)} s`);

    const port = await freePort();
    const env = {
      ...stackApiEnv(stack, databaseUrl, port, { keys: [await generateSigningJwk()] }),
      // The limits exist to stop abuse, not to shape a benchmark from one IP.
      TRIBUTARY_RATE_LIMIT_PER_IP: '1000000000',
      TRIBUTARY_RATE_LIMIT_PER_USER: '1000000000',
      TRIBUTARY_DB_POOL_MAX: '10',
      LOG_LEVEL: 'info',
      // e.g. BENCH_API_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the API process.
      ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
    };
    const child = spawn(process.execPath, ['bin/tributary.js', 'api'], {
      env,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${base}/health`)).ok) break;
        } catch {
          if (i > 150) throw new Error('api did not start');
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      const reg = await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bench@example.org', password: 'correct horse battery' }),
      });
      const { accessToken } = (await reg.json()) as { accessToken: string };
      const only = process.env.BENCH_SCENARIOS?.split(',');
      const all: { scenario: string; path: string }[] = [
        { scenario: 'list', path: '/api/v1/items' },
        { scenario: 'search (common term, 10% of items)', path: '/api/v1/items?q=kubernetes' },
        { scenario: 'search (rare term)', path: '/api/v1/items?q=report%204242' },
      ];
      const scenarios = only ? all.filter((s) => only.some((o) => s.scenario.startsWith(o))) : all;
      const rows: Row[] = [];
      for (const s of scenarios) {
        await load(base + s.path, accessToken, 10, 2); // warm-up: JIT, pool, plan cache
        for (const connections of [50, 200]) {
          const r = await load(base + s.path, accessToken, connections, DURATION);
          rows.push({ ...s, ...r });
          console.error(
            `${s.scenario} @${connections}: ${r.requestsPerSec} req/s, p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms, non2xx ${r.non2xx}`,
          );
        }
      }
      const result = {
        bench: 'api',
        date: new Date().toISOString(),
        machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? '', loadavg: loadavg() },
        items: N,
        feeds: FEEDS,
        loadSeconds: Math.round(loadSeconds * 10) / 10,
        durationSeconds: DURATION,
        goal: { listP99Ms: 25, listRequestsPerSec: 3000 },
        note: 'API (1 process) + Postgres + autocannon share the same 2 cores; latencies in ms from autocannon per-response times.',
        results: rows,
      };
      mkdirSync('bench/results', { recursive: true });
      writeFileSync('bench/results/api.json', JSON.stringify(result, null, 2) + '\n');
      const md = [
        `| scenario | conns | req/s | p50 ms | p95 ms | p99 ms | non-2xx |`,
        `|---|---|---|---|---|---|---|`,
        ...rows.map(
          (r) =>
            `| ${r.scenario} | ${r.connections} | ${r.requestsPerSec} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.non2xx} |`,
        ),
      ].join('\n');
      writeFileSync('bench/results/api.md', `# API benchmark (${N} items)\n\n${md}\n`);
      console.log(md);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    await stack.cleanup();
  }
}

await main();
