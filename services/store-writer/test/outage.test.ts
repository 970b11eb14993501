// Fault: PostgreSQL is down for longer than the consumers' max_deliver × (ack wait + nak delay)
// while items keep arriving. Nothing may be dead-lettered; when it starts again every item lands
// exactly once, with no command typed. Uses a PostgreSQL server of its own (the shared one is
// never stopped); NATS comes from the shared stack.
import { test, after, before } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import pg from 'pg';
import { Registry } from 'prom-client';
import { useStack, waitFor } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { createOrm, migrateUp } from '@tributary/db';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  connectNats,
  createEvent,
  DLQ_HEADERS,
  ensureTopology,
  itemMsgId,
  publishEvent,
  subjects,
  topologyNames,
} from '@tributary/events';
import { sampleItemUpserted } from '@tributary/events/testing';
import { runStoreWorker, STORE_CONSUMER } from '../src/index.ts';
import { privatePostgres } from './private-postgres.ts';
import type { PrivatePostgres } from './private-postgres.ts';

const N = 400;
/** Consumer settings under test: an outage of OUTAGE_MS outlasts max_deliver × (ack wait + nak). */
const CONSUMER = { maxDeliver: 3, ackWaitMs: 2_000, nakDelaysMs: [250] };
const OUTAGE_MS = 3 * CONSUMER.maxDeliver * (CONSUMER.ackWaitMs + 250); // ≈ 20 s

let env: StackEnv;
let server: PrivatePostgres;
let orm: MikroORM;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let prefix: string;
const registry = new Registry();
const ac = new AbortController();
let worker: Promise<unknown> | undefined;

before(async () => {
  env = await useStack({ servers: ['postgres', 'nats'] });
  prefix = env.natsPrefix;
  server = await privatePostgres(env.config.tools.postgresBinDir);
  await server.start();
  orm = await createOrm(server.url, { poolMax: 4 });
  await migrateUp(orm);
  nc = await connectNats({ servers: [env.NATS_URL], prefix });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  await ensureTopology(nc, { prefix });
});

after(async () => {
  ac.abort();
  await worker;
  await nc?.close();
  await orm?.close();
  await server?.destroy();
  await env?.cleanup();
});

async function count(sqlText: string): Promise<number> {
  const c = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    return Number((await c.query<{ n: string }>(sqlText)).rows[0]!.n);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function publishItems(from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, to - i) }, (_, j) => {
        const n = i + j;
        const d = sampleItemUpserted(
          {
            key: `guid:${n}`,
            guid: String(n),
            link: `https://example.org/o/${n}`,
            title: `Item ${n}`,
            contentHash: createHash('sha256').update(`item ${n}`).digest('hex'),
          },
          'outage-feed',
        );
        return publishEvent(js, subjects(prefix).itemUpserted(d.feed.uid), createEvent('item.upserted', d), {
          msgId: itemMsgId(d.feed.uid, d.item.key, d.item.contentHash),
        });
      }),
    );
  }
}

async function dlqMessages(): Promise<Array<{ subject: string; reason: string }>> {
  const name = topologyNames(prefix).streams.DLQ;
  const info = await jsm.streams.info(name);
  const out: Array<{ subject: string; reason: string }> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(name, { seq }).catch(() => null);
    if (m) out.push({ subject: m.subject, reason: m.header?.get(DLQ_HEADERS.reason) ?? '' });
  }
  return out;
}

const gauge = async (name: string, labels: Record<string, string>): Promise<number | undefined> => {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;
};

test('a PostgreSQL outage longer than max_deliver × backoff dead-letters nothing and heals by itself', async () => {
  worker = runStoreWorker({
    nc,
    natsPrefix: prefix,
    orm,
    batchSize: 25,
    signal: ac.signal,
    registry,
    consumer: CONSUMER,
    probeDelaysMs: [200, 500, 1_000],
  });
  await publishItems(0, N / 4);
  await waitFor(
    'the first quarter in Postgres',
    async () => (await count('select count(*) n from items')) === N / 4,
    60_000,
  );

  await server.stop();
  const down = Date.now();
  // Items keep arriving during the outage; the worker notices on its first failed write.
  await publishItems(N / 4, N / 2);
  await waitFor(
    'the worker to pause for the outage',
    async () => (await gauge('tributary_dependency_up', { dependency: 'postgres' })) === 0,
    30_000,
  );
  const itemsLabels = { stream: topologyNames(prefix).streams.ITEMS, consumer: STORE_CONSUMER };
  await waitFor(
    'the ITEMS consumer to report itself paused',
    async () => (await gauge('tributary_consumer_paused', itemsLabels)) === 1,
    30_000,
  );
  await publishItems(N / 2, N);
  // One genuinely bad message: the only thing allowed into the DLQ.
  await js.publish(subjects(prefix).itemUpserted('outage-feed'), new TextEncoder().encode('{not json'));
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - down))));
  const outageMs = Date.now() - down;

  await server.start();
  const up = Date.now();
  await waitFor(
    `all ${N} items in Postgres after the outage`,
    async () => (await count('select count(*) n from items')) === N,
    90_000,
    async () =>
      `items: ${await count('select count(*) n from items').catch(() => -1)}, dlq: ${(await dlqMessages()).length} records, e.g. ${JSON.stringify((await dlqMessages()).slice(-2))}`,
  );
  const healMs = Date.now() - up;
  await waitFor(
    'ITEMS drained',
    async () => {
      const ci = await jsm.consumers.info(topologyNames(prefix).streams.ITEMS, STORE_CONSUMER);
      return ci.num_pending === 0 && ci.num_ack_pending === 0;
    },
    30_000,
  );
  console.error(
    `# postgres outage ${outageMs} ms (max_deliver ${CONSUMER.maxDeliver}, ack wait ${CONSUMER.ackWaitMs} ms); healed ${healMs} ms after restart`,
  );

  assert.equal(await count('select count(*) n from items'), N);
  assert.equal(await count("select count(*) n from items where title like 'Item %'"), N);
  const dlq = await dlqMessages();
  assert.equal(dlq.length, 1, `only the bad message is dead-lettered: ${JSON.stringify(dlq)}`);
  assert.match(dlq[0]!.reason, /undecodable/);
  assert.equal(await gauge('tributary_dependency_up', { dependency: 'postgres' }), 1);
  assert.equal(await gauge('tributary_consumer_paused', itemsLabels), 0);
  assert.ok(((await gauge('tributary_dependency_outages_total', { dependency: 'postgres' })) ?? 0) >= 1);
});
