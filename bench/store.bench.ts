// Store stage of the pipeline against the real local stack (testkit isolation):
//   1. writer alone: writeItems() transactions straight into Postgres, items/s by batch size
//   2. `worker store` through JetStream: N items pre-published to ITEMS, then the worker started;
//      time until its consumer has acked all of them (every row committed)
//   3. replay of the same N (no msg ids): the idempotent path, where nothing is written
// Writes bench/results/store.json. Size: BENCH_ITEMS (default 20000).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Registry } from 'prom-client';
import { createOrm, migrateUp } from '@tributary/db';
import {
  connectNats,
  createEvent,
  ensureTopology,
  itemMsgId,
  publishEvent,
  subjects,
  topologyNames,
} from '@tributary/events';
import type { ConsumedEvent, ItemUpsertedData } from '@tributary/events';
import {
  inTransaction,
  runStoreWorker,
  STORE_CONSUMER,
  STORE_WORKER_DEFAULTS,
  writeItems,
} from '@tributary/store-writer';
import { useStack } from '@tributary/testkit';

const N = Number(process.env.BENCH_ITEMS ?? 20_000);
const FEEDS = 50;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const words =
  'data centre energy policy market europe cloud chip model network open source release security'.split(' ');

/** A realistic item: ~1.5 KB of HTML content, 2 categories, an author. */
function item(i: number, round = 0): ItemUpsertedData {
  const feed = `bf${i % FEEDS}`;
  const title = `Headline ${i}: ${words[i % words.length]} and ${words[(i * 7) % words.length]}`;
  const content = `<p>${Array.from({ length: 200 }, (_, w) => words[(i + w) % words.length]).join(' ')}</p>`;
  return {
    feed: {
      uid: feed,
      namespace: 'bench',
      name: feed,
      url: `https://${feed}.example/feed.xml`,
      tags: ['bench'],
      enrichEntities: true,
    },
    item: {
      key: `k${i}`,
      guid: `urn:${feed}:${i}`,
      link: `https://${feed}.example/k${i}`,
      title,
      summary: `<p>${title} — summary</p>`,
      content,
      published: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      updated: null,
      authors: [{ name: `Reporter ${i % 40}`, email: '', uri: '' }],
      categories: [words[i % 4]!, words[4 + (i % 3)]!],
      enclosures: [],
      contentHash: sha(`${title}${content}${round}`),
      language: 'en',
    },
  };
}

const env = await useStack({ servers: ['postgres', 'nats'] });
// The machine is shared: record its load so numbers from different runs can be compared honestly.
const result: Record<string, unknown> = {
  items: N,
  feeds: FEEDS,
  cpus: availableParallelism(),
  loadAvgAtStart: loadavg()[0],
};
try {
  // 1. writer alone
  const writer: Record<string, unknown> = {};
  for (const batchSize of [200, 500, 1000]) {
    const orm = await createOrm(await env.createDatabase(), { poolMax: 2 });
    await migrateUp(orm);
    const events: ConsumedEvent[] = Array.from({ length: N }, (_, i) => ({
      event: createEvent('item.upserted', item(i)),
      subject: 's',
      streamSequence: i + 1,
      deliveryCount: 1,
      traceparent: null,
    }));
    const t0 = performance.now();
    for (let i = 0; i < N; i += batchSize)
      await inTransaction(orm, (sql) => writeItems(sql, events.slice(i, i + batchSize)));
    const ms = performance.now() - t0;
    writer[`batch${batchSize}`] = { ms: Math.round(ms), itemsPerSec: Math.round((N / ms) * 1000) };
    console.error(`writer batch ${batchSize}: ${Math.round((N / ms) * 1000)} items/s`);
    await orm.close();
  }
  result.writer = writer;

  // 2. worker through JetStream
  const url = await env.createDatabase();
  const orm = await createOrm(url, { poolMax: 4 });
  await migrateUp(orm);
  const prefix = env.natsPrefix;
  const nc = await connectNats({ servers: [env.NATS_URL], prefix });
  const js = jetstream(nc);
  await ensureTopology(nc, { prefix });
  const publish = async (round: number, withMsgId: boolean) => {
    const t0 = performance.now();
    const inflight = new Set<Promise<unknown>>();
    for (let i = 0; i < N; i++) {
      const d = item(i, round);
      const p = publishEvent(js, subjects(prefix).itemUpserted(d.feed.uid), createEvent('item.upserted', d), {
        ...(withMsgId ? { msgId: itemMsgId(d.feed.uid, d.item.key, d.item.contentHash) } : {}),
      }).finally(() => inflight.delete(p));
      inflight.add(p);
      if (inflight.size >= 256) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    return performance.now() - t0;
  };
  const pubMs = await publish(0, true);
  result.publish = { ms: Math.round(pubMs), itemsPerSec: Math.round((N / pubMs) * 1000) };
  console.error(`publish: ${Math.round((N / pubMs) * 1000)} items/s`);

  const jsm = await jetstreamManager(nc);
  const drained = async (target: number) => {
    for (;;) {
      const ci = await jsm.consumers
        .info(topologyNames(prefix).streams.ITEMS, STORE_CONSUMER)
        .catch(() => null);
      if (ci && ci.delivered.stream_seq >= target && ci.num_pending === 0 && ci.num_ack_pending === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const ac = new AbortController();
  const t0 = performance.now();
  const worker = runStoreWorker({ nc, natsPrefix: prefix, orm, signal: ac.signal, registry: new Registry() });
  await drained(N);
  const workerMs = performance.now() - t0;
  result.worker = {
    ms: Math.round(workerMs),
    itemsPerSec: Math.round((N / workerMs) * 1000),
    ...STORE_WORKER_DEFAULTS,
  };
  console.error(`worker store: ${Math.round((N / workerMs) * 1000)} items/s`);

  // 3. replay: same content again without msg ids (the stream keeps them; the store writes nothing)
  await publish(0, false);
  const t1 = performance.now();
  await drained(2 * N);
  const replayMs = performance.now() - t1;
  result.replayNoop = { ms: Math.round(replayMs), itemsPerSec: Math.round((N / replayMs) * 1000) };
  console.error(`replay (no-op): ${Math.round((N / replayMs) * 1000)} items/s`);
  ac.abort();
  await worker;
  await nc.close();
  await orm.close();
} finally {
  await env.cleanup();
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/store.json', JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
