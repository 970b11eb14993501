import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import pg from 'pg';
import { Registry } from 'prom-client';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { createOrm, migrateUp } from '@tributary/db';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  connectNats,
  createEvent,
  ensureTopology,
  itemMsgId,
  publishEvent,
  subjects,
  topologyNames,
} from '@tributary/events';
import type { FetchOutcome, ItemUpsertedData } from '@tributary/events';
import { sampleFeedFetched, sampleItemUpserted } from '@tributary/events/testing';
import { runStoreWorker, STORE_CONSUMER } from '../src/index.ts';

let env: StackEnv;
let url: string;
let orm: MikroORM;
let nc: NatsConnection;
let js: JetStreamClient;
let db: pg.Client;
let prefix: string;
const registry = new Registry();
const ac = new AbortController();
let worker: Promise<unknown>;
let failNextCommit = false;

before(async () => {
  env = await useStack({ servers: ['postgres', 'nats'] });
  url = await env.createDatabase();
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
    batchSize: 200,
    signal: ac.signal,
    registry,
    beforeCommit: async () => {
      if (failNextCommit) {
        failNextCommit = false;
        // As if the connection dropped between the writes and COMMIT: the batch must roll back and return.
        throw Object.assign(new Error('connection reset before commit'), { code: 'ECONNRESET' });
      }
    },
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

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function item(feedUid: string, i: number, version = 1): ItemUpsertedData {
  const title = `Item ${i} of ${feedUid} v${version}`;
  return sampleItemUpserted(
    {
      key: `guid:${i}`,
      guid: String(i),
      link: `https://example.org/${feedUid}/${i}`,
      title,
      summary: `<p>summary ${i}</p>`,
      content: `<p>content ${i} v${version}</p>`,
      published: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      authors: [
        { name: `Author ${i % 7}`, email: '', uri: '' },
        { name: 'Shared Author', email: 'shared@example.org', uri: '' },
      ],
      categories: [`cat-${i % 5}`, 'all'],
      contentHash: sha(title + version),
    },
    feedUid,
  );
}

async function publishItems(items: ItemUpsertedData[], withMsgId = true): Promise<void> {
  for (let i = 0; i < items.length; i += 100) {
    await Promise.all(
      items.slice(i, i + 100).map((d) =>
        publishEvent(js, subjects(prefix).itemUpserted(d.feed.uid), createEvent('item.upserted', d), {
          ...(withMsgId ? { msgId: itemMsgId(d.feed.uid, d.item.key, d.item.contentHash) } : {}),
        }),
      ),
    );
  }
}

/** Waits until the store consumer on `stream` has acked everything published so far. */
async function drained(stream: 'ITEMS' | 'FEEDS'): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ci = await jsm.consumers
      .info(topologyNames(prefix).streams[stream], STORE_CONSUMER)
      .catch(() => null);
    if (ci && ci.num_pending === 0 && ci.num_ack_pending === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `store consumer on ${stream} did not drain: ${JSON.stringify(ci && { p: ci.num_pending, a: ci.num_ack_pending })}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function count(sqlText: string, params: unknown[] = []): Promise<number> {
  const r = await db.query<{ n: string }>(sqlText, params);
  return Number(r.rows[0]!.n);
}

async function versions(feedUid: string): Promise<Map<string, string>> {
  const r = await db.query<{ key: string; v: string }>(
    `select key, xmin::text || ':' || updated_at::text as v from items where feed_uid = $1`,
    [feedUid],
  );
  return new Map(r.rows.map((x) => [x.key, x.v]));
}

test('items land with exact counts, authors and categories joined (a failed commit is retried, nothing doubled)', async () => {
  failNextCommit = true;
  const all = ['fa', 'fb', 'fc'].flatMap((f) => Array.from({ length: 100 }, (_, i) => item(f, i)));
  await publishItems(all);
  await drained('ITEMS');
  assert.equal(failNextCommit, false, 'the injected failure happened');
  assert.equal(await count('select count(*) n from items'), 300);
  assert.equal(await count('select count(*) n from feeds'), 3);
  assert.equal(await count('select count(*) n from authors'), 8);
  assert.equal(await count('select count(*) n from categories'), 6);
  assert.equal(await count('select count(*) n from item_authors'), 600);
  assert.equal(await count('select count(*) n from item_categories'), 600);
  assert.equal(
    await count(`select count(*) n from items where search @@ plainto_tsquery('simple', 'summary')`),
    300,
  );
});

test('a replay of the same content writes nothing; a changed contentHash updates the row once', async () => {
  const before = await versions('fa');
  // Without msg ids the stream stores the duplicates: the store itself must ignore them.
  await publishItems(
    Array.from({ length: 100 }, (_, i) => item('fa', i)),
    false,
  );
  await drained('ITEMS');
  assert.deepEqual(await versions('fa'), before, 'no row got a new version (xmin) or updated_at');

  await publishItems(Array.from({ length: 10 }, (_, i) => item('fa', i, 2)));
  await drained('ITEMS');
  const afterChange = await versions('fa');
  const changed = [...afterChange].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
  assert.equal(changed.length, 10);
  assert.equal(await count(`select count(*) n from items where feed_uid = 'fa' and title like '% v2'`), 10);
  assert.equal(await count('select count(*) n from items'), 300);
  // Joins of the updated items were replaced, not duplicated.
  assert.equal(await count('select count(*) n from item_authors'), 600);

  // Replaying the v2 events again: still nothing.
  await publishItems(
    Array.from({ length: 10 }, (_, i) => item('fa', i, 2)),
    false,
  );
  await drained('ITEMS');
  assert.deepEqual(await versions('fa'), afterChange);
  const metrics = await registry.getSingleMetricAsString('tributary_store_items_total');
  assert.match(metrics, /result="updated"} 10\b/);
  assert.match(metrics, /result="inserted"} 300\b/);
  assert.match(metrics, /result="unchanged"} 110\b/);
});

const fetched = (uid: string, outcome: FetchOutcome, finishedAt: string) =>
  sampleFeedFetched(uid, outcome, finishedAt);

test('fetch runs are recorded once and move the feed state forward only', async () => {
  const ok = createEvent('feed.fetched', fetched('fb', 'updated', '2026-02-01T00:00:00.000Z'));
  const failedLater = createEvent('feed.fetched', fetched('fb', 'failed', '2026-02-01T01:00:00.000Z'));
  const olderArrivingLate = createEvent('feed.fetched', fetched('fb', 'updated', '2026-01-01T00:00:00.000Z'));
  for (const e of [ok, failedLater, olderArrivingLate, ok])
    await publishEvent(js, subjects(prefix).feedFetched('fb'), e);
  await drained('FEEDS');
  assert.equal(await count(`select count(*) n from fetch_runs where feed_uid = 'fb'`), 3);
  const f = (
    await db.query(
      `select last_outcome, last_fetch_at, last_success_at, consecutive_failures, last_error from feeds where uid = 'fb'`,
    )
  ).rows[0];
  assert.equal(f.last_outcome, 'failed');
  assert.equal(new Date(f.last_fetch_at).toISOString(), '2026-02-01T01:00:00.000Z');
  assert.equal(new Date(f.last_success_at).toISOString(), '2026-02-01T00:00:00.000Z');
  assert.equal(f.consecutive_failures, 1);
  assert.equal(f.last_error, 'HTTP 503');
});

test('feed.deleted purges the feed and its rows; late item events do not bring it back', async () => {
  await publishEvent(
    js,
    subjects(prefix).feedDeleted('fb'),
    createEvent('feed.deleted', { feed: { uid: 'fb', namespace: 'default', name: 'feed-fb' } }),
  );
  await drained('FEEDS');
  assert.equal(await count(`select count(*) n from items where feed_uid = 'fb'`), 0);
  assert.equal(await count(`select count(*) n from fetch_runs where feed_uid = 'fb'`), 0);
  assert.equal(await count(`select count(*) n from feeds where uid = 'fb'`), 0);
  assert.equal(await count('select count(*) n from items'), 200);
  await publishItems([item('fb', 500)]);
  await drained('ITEMS');
  assert.equal(await count(`select count(*) n from items where feed_uid = 'fb'`), 0);
  assert.equal(await count(`select count(*) n from feeds where uid = 'fb'`), 0);
});
