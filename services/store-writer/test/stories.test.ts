/**
 * Stories on the real stack: syndicated copies in three feeds become one story, an edit does not
 * split it, and a replay of the ITEMS stream into an empty database rebuilds the same story ids.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient } from '@nats-io/jetstream';
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
  ensureTopology,
  publishEvent,
  runConsumer,
  subjects,
  topologyNames,
} from '@tributary/events';
import type { ItemUpsertedData } from '@tributary/events';
import { sampleItemUpserted } from '@tributary/events/testing';
import { inOrder, inTransaction, runStoreWorker, STORE_CONSUMER, writeItems } from '../src/index.ts';

let env: StackEnv;
let orm: MikroORM;
let nc: NatsConnection;
let js: JetStreamClient;
let db: pg.Client;
let prefix: string;
const ac = new AbortController();
let worker: Promise<unknown>;

const BODY =
  'A magnitude 6.8 earthquake struck central Morocco late on Friday, killing more than 2,000 people and damaging buildings in Marrakesh and villages in the Atlas Mountains, the interior ministry said. Rescue teams were searching for survivors in remote areas where roads were blocked by rockslides. King Mohammed VI declared three days of national mourning.';

function item(
  feedUid: string,
  domain: string,
  summary: string,
  title = 'Earthquake in Morocco kills more than 2,000',
) {
  const d = sampleItemUpserted(
    {
      key: `guid:${feedUid}`,
      guid: feedUid,
      link: `https://${domain}/world/morocco-quake`,
      title,
      summary: `<p>${summary}</p>`,
      content: '',
      published: '2026-09-09T08:00:00.000Z',
      contentHash: createHash('sha256')
        .update(title + summary)
        .digest('hex'),
    },
    feedUid,
  );
  d.feed.url = `https://${domain}/feed.xml`;
  d.feed.name = feedUid;
  return d;
}

const wire = item('feed-wire', 'apnews.com', BODY);
const copyB = item(
  'feed-b',
  'dailyherald.example',
  `MARRAKESH, Morocco (AP) — ${BODY} Copyright 2026 The Associated Press.`,
);
const copyC = item('feed-c', 'gazette.example', `${BODY} Subscribe to the Gazette for unlimited access.`);
const unrelated = item(
  'feed-d',
  'recipes.example',
  'Ten apple recipes for autumn, from pie to chutney.',
  'Apple recipes',
);

async function publish(items: ItemUpsertedData[]): Promise<void> {
  for (const d of items)
    await publishEvent(js, subjects(prefix).itemUpserted(d.feed.uid), createEvent('item.upserted', d));
}

async function drained(durable: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await waitFor(`consumer ${durable} to drain`, async () => {
    const ci = await jsm.consumers.info(topologyNames(prefix).streams.ITEMS, durable).catch(() => null);
    return ci !== null && ci.num_pending === 0 && ci.num_ack_pending === 0;
  });
}

async function storyRows(client: pg.Client) {
  const r = await client.query<{ key: string; story_id: string | null; near_duplicate: boolean }>(
    `select feed_uid || ':' || key as key, story_id, near_duplicate from items order by 1`,
  );
  return r.rows;
}

before(async () => {
  env = await useStack({ servers: ['postgres', 'nats'] });
  const url = await env.createDatabase();
  prefix = env.natsPrefix;
  orm = await createOrm(url, { poolMax: 4 });
  await migrateUp(orm);
  nc = await connectNats({ servers: [env.NATS_URL], prefix });
  js = jetstream(nc);
  await ensureTopology(nc, { prefix });
  db = new pg.Client({ connectionString: url });
  await db.connect();
  worker = runStoreWorker({
    nc,
    natsPrefix: prefix,
    orm,
    batchSize: 2,
    signal: ac.signal,
    registry: new Registry(),
  });
});

after(async () => {
  ac.abort();
  await worker;
  await db.end();
  await nc.close();
  await orm.close();
  await env.cleanup();
});

test('syndicated copies across three feeds become one story; the unrelated item its own', async () => {
  await publish([wire, copyB, copyC, unrelated]);
  await drained(STORE_CONSUMER);
  const rows = await storyRows(db);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const sid = byKey.get('feed-wire:guid:feed-wire')!.story_id;
  assert.ok(sid);
  assert.equal(byKey.get('feed-b:guid:feed-b')!.story_id, sid);
  assert.equal(byKey.get('feed-c:guid:feed-c')!.story_id, sid);
  assert.notEqual(byKey.get('feed-d:guid:feed-d')!.story_id, sid);
  assert.equal(byKey.get('feed-wire:guid:feed-wire')!.near_duplicate, false);
  assert.equal(byKey.get('feed-b:guid:feed-b')!.near_duplicate, true);
  const s = await db.query(
    `select s.item_count, s.source_count, s.title, i.feed_uid as lead from stories s join items i on i.id = s.lead_item_id where s.id = $1`,
    [sid],
  );
  assert.deepEqual(s.rows[0], { item_count: 3, source_count: 3, title: wire.item.title, lead: 'feed-wire' });
});

test('an edit (same item key, new text) keeps its story', async () => {
  const before = await storyRows(db);
  const edited = item(
    'feed-b',
    'dailyherald.example',
    'Correction: an earlier version misstated the toll.',
    'Correction',
  );
  await publish([edited]);
  await drained(STORE_CONSUMER);
  await waitFor(
    'the edit to be stored',
    async () =>
      (await db.query(`select title from items where feed_uid = 'feed-b'`)).rows[0]?.title === 'Correction',
  );
  assert.deepEqual(await storyRows(db), before);
  const s = await db.query(`select item_count from stories where id = $1`, [
    before.find((r) => r.key.startsWith('feed-b'))!.story_id,
  ]);
  assert.equal(s.rows[0].item_count, 3);
});

test('a replay of ITEMS into an empty database rebuilds the same stories', async () => {
  const url2 = await env.createDatabase();
  const orm2 = await createOrm(url2, { poolMax: 2 });
  await migrateUp(orm2);
  const db2 = new pg.Client({ connectionString: url2 });
  await db2.connect();
  const stop = new AbortController();
  const durable = 'replay-store-stories-test';
  try {
    // What `tributary replay --to store` does: a fresh durable through the store's own batch writer.
    const consuming = runConsumer({
      nc,
      prefix,
      stream: 'ITEMS',
      durable,
      handler: inOrder(async (batch) => void (await inTransaction(orm2, (sql) => writeItems(sql, batch)))),
      batchSize: 3,
      concurrency: 2,
      signal: stop.signal,
      registry: new Registry(),
    });
    await drained(durable);
    stop.abort();
    await consuming;
    assert.deepEqual(await storyRows(db2), await storyRows(db));
    const q = `select id, item_count, source_count, title from stories order by id`;
    assert.deepEqual((await db2.query(q)).rows, (await db.query(q)).rows);
  } finally {
    stop.abort();
    await (
      await jetstreamManager(nc)
    ).consumers
      .delete(topologyNames(prefix).streams.ITEMS, durable)
      .catch(() => undefined);
    await db2.end();
    await orm2.close();
  }
});
