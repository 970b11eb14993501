// Ingestion throughput against the real local NATS (testkit isolation) and the fixture server:
//   1. fetch only: many feeds through the polite fetcher (gzip/br negotiated), MB/s and requests/s
//   2. cold ingest: fetch → parse → normalize → publish every item → state → outcome, items/s,
//      with the ack window at 1 (publish-await-publish) vs the default (bounded async)
//   3. warm re-runs: 304 path and "server ignores validators" (body-hash) path, runs/s
//   4. one edit: exactly one item re-published, run latency
//   5. `tributary ingest` as a process (what a CronJob pays per run), median wall time
// Writes bench/results/ingest.json and ingest.md. Sizes: BENCH_FEEDS (40), BENCH_ITEMS (100).
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ensureTopology, subjects } from '@tributary/events';
import { openFetchStateKv } from '../services/ingestor/src/state-store.ts';
import { Fetcher } from '@tributary/feeds/fetch';
import { startFixtureServer } from '@tributary/fixture-server';
import type { FixtureFormat } from '@tributary/fixture-server';
import type { FeedSpec } from '@tributary/feed-api';
import { createLogger } from '@tributary/log';
import { useStack } from '@tributary/testkit';
import { runIngest } from '../services/ingestor/src/run.ts';
import type { FeedRef } from '../services/ingestor/src/config.ts';
import { ingestProcess } from '../test/e2e/harness.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 40);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);
const formats: FixtureFormat[] = ['rss2', 'atom10', 'json11', 'rdf'];

const env = await useStack({ servers: ['nats'] });
const nc = await connect({ servers: env.NATS_URL });
await ensureTopology(nc, { prefix: env.natsPrefix });
const kv = await openFetchStateKv(nc, env.natsPrefix);
const js = jetstream(nc);
const subj = subjects(env.natsPrefix);
const server = await startFixtureServer({ feeds: FEEDS, items: ITEMS });
const fetcher = new Fetcher({ allowPrivateNetworks: true, perHostConcurrency: 8 });
process.env.LOG_LEVEL ??= 'error';
const log = createLogger('bench-ingest');
const results: Record<string, unknown> = { feeds: FEEDS, itemsPerFeed: ITEMS, machine: '2 cores (shared)' };

async function pool<T>(xs: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < xs.length) await fn(xs[i++]!);
    }),
  );
}
const feedRef = (url: string): FeedRef => ({
  uid: randomUUID(),
  namespace: 'bench',
  name: `f-${randomUUID().slice(0, 8)}`,
  generation: 1,
  spec: { url, interval: '15m' } as FeedSpec,
});
const urls = (q: Record<string, string | number> = {}) =>
  Array.from({ length: FEEDS }, (_, n) => server.feedUrl(n, formats[n % formats.length]!, q));

try {
  // 1. fetch only
  {
    const list = urls();
    let bytes = 0;
    const t = performance.now();
    await pool(list, 8, async (url) => {
      const r = await fetcher.fetch({ url });
      bytes += r.bytes;
    });
    const s = (performance.now() - t) / 1000;
    results.fetch = {
      requests: list.length,
      seconds: +s.toFixed(3),
      requestsPerSec: +(list.length / s).toFixed(1),
      decodedMBps: +(bytes / 1e6 / s).toFixed(2),
      decodedBytes: bytes,
    };
  }

  // 2. cold ingest, two ack windows
  for (const [label, maxInFlight, concurrency] of [
    ['window1', 1, 1],
    ['window256', 256, 1],
    ['window256x4', 256, 4],
  ] as const) {
    const feeds = urls({ run: label }).map(feedRef);
    let items = 0;
    const t = performance.now();
    await pool(feeds, concurrency, async (feed) => {
      const r = await runIngest({ feed, headers: {}, fetcher, js, kv, subjects: subj, log, maxInFlight });
      items += r.itemsPublished;
    });
    const s = (performance.now() - t) / 1000;
    results[`cold_${label}`] = {
      runs: feeds.length,
      itemsPublished: items,
      seconds: +s.toFixed(3),
      itemsPerSec: Math.round(items / s),
      concurrency,
      maxInFlight,
    };
  }

  // 3. warm re-runs: 304, and body-hash when validators are ignored
  for (const [label, q] of [
    ['notModified', {}],
    ['bodyHashUnchanged', { ignoreValidators: 1 }],
  ] as const) {
    const feeds = urls({ warm: label, ...q }).map(feedRef);
    for (const feed of feeds) await runIngest({ feed, headers: {}, fetcher, js, kv, subjects: subj, log });
    const t = performance.now();
    const outcomes = new Map<string, number>();
    for (const feed of feeds) {
      const r = await runIngest({ feed, headers: {}, fetcher, js, kv, subjects: subj, log, force: true });
      outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    }
    const s = (performance.now() - t) / 1000;
    results[`warm_${label}`] = {
      runs: feeds.length,
      seconds: +s.toFixed(3),
      runsPerSec: +(feeds.length / s).toFixed(1),
      msPerRun: +((s * 1000) / feeds.length).toFixed(1),
      outcomes: Object.fromEntries(outcomes),
    };
  }

  // 4. one edit
  {
    const feed = feedRef(server.feedUrl(0, 'rss2', { edit: 1 }));
    await runIngest({ feed, headers: {}, fetcher, js, kv, subjects: subj, log });
    server.editItems(0, 1);
    const t = performance.now();
    const r = await runIngest({ feed, headers: {}, fetcher, js, kv, subjects: subj, log, force: true });
    results.oneEdit = {
      itemsSeen: r.itemsSeen,
      itemsPublished: r.itemsPublished,
      ms: +(performance.now() - t).toFixed(1),
    };
  }

  // 5. the CLI process
  {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const feed = feedRef(server.feedUrl(i % FEEDS, 'atom10', { cli: i }));
      const t = performance.now();
      const code = await ingestProcess(feed, env);
      if (code !== 0) throw new Error(`ingest exited ${code}`);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results.cliProcess = {
      runs: times.length,
      medianMs: Math.round(times[2]!),
      minMs: Math.round(times[0]!),
      maxMs: Math.round(times[4]!),
    };
  }
} finally {
  await fetcher.close();
  await server.close();
  await nc.close();
  await env.cleanup();
}

const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}ingest.json`, `${JSON.stringify(results, null, 2)}\n`);
const row = (k: string, v: unknown) =>
  `| ${k} | ${JSON.stringify(v).replace(/[{}"]/g, '').replace(/,/g, ', ')} |`;
const md = [
  '# Ingest benchmark',
  '',
  `${FEEDS} feeds × ${ITEMS} items, real NATS JetStream, fixture server on loopback.`,
  '',
  '| stage | result |',
  '|---|---|',
  ...Object.entries(results).map(([k, v]) => row(k, v)),
  '',
];
writeFileSync(`${out}ingest.md`, md.join('\n'));
console.log(JSON.stringify(results, null, 2));
