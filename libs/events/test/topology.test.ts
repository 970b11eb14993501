import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  createEvent,
  ensureTopology,
  itemMsgId,
  publishEvent,
  subjects,
  EVENT_HEADERS,
  parseTraceparent,
} from '../src/index.ts';
import { sampleItemUpserted } from '../src/testing.ts';
import { natsForTest } from './helpers.ts';

let t: Awaited<ReturnType<typeof natsForTest>>;
let nc: NatsConnection;
before(async () => {
  t = await natsForTest();
  nc = t.nc;
});
after(() => t.cleanup());

test('ensureTopology creates once, then is a no-op, and applies a changed setting', async () => {
  const first = await ensureTopology(nc, { prefix: t.prefix });
  assert.deepEqual(first.streams, {
    ITEMS: 'created',
    ENRICHED: 'created',
    FEEDS: 'created',
    DLQ: 'created',
  });
  const again = await Promise.all([
    ensureTopology(nc, { prefix: t.prefix }),
    ensureTopology(nc, { prefix: t.prefix }),
  ]);
  for (const r of again)
    assert.deepEqual(r.streams, {
      ITEMS: 'unchanged',
      ENRICHED: 'unchanged',
      FEEDS: 'unchanged',
      DLQ: 'unchanged',
    });
  const changed = await ensureTopology(nc, { prefix: t.prefix, dlqMaxAgeMs: 3_600_000 });
  assert.equal(changed.streams.DLQ, 'updated');
  assert.equal(changed.streams.ITEMS, 'unchanged');
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(`${t.prefix}_DLQ`);
  assert.equal(info.config.max_age, 3_600_000 * 1e6);
});

test('publishEvent dedups by Nats-Msg-Id and carries traceparent', async () => {
  await ensureTopology(nc, { prefix: t.prefix });
  const js = jetstream(nc);
  const data = sampleItemUpserted();
  const subject = subjects(t.prefix).itemUpserted(data.feed.uid);
  const msgId = itemMsgId(data.feed.uid, data.item.key, data.item.contentHash);
  const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const a = await publishEvent(js, subject, createEvent('item.upserted', data), {
    msgId,
    traceparent: parent,
  });
  const b = await publishEvent(js, subject, createEvent('item.upserted', data), { msgId });
  assert.equal(a.duplicate, false);
  assert.equal(b.duplicate, true);
  const changed = sampleItemUpserted({ contentHash: 'b'.repeat(64) });
  const c = await publishEvent(js, subject, createEvent('item.upserted', changed), {
    msgId: itemMsgId(data.feed.uid, changed.item.key, changed.item.contentHash),
  });
  assert.equal(c.duplicate, false);
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(`${t.prefix}_ITEMS`);
  assert.equal(info.state.messages, 2);
  const stored = await jsm.streams.getMessage(`${t.prefix}_ITEMS`, { seq: a.seq });
  const tp = parseTraceparent(stored?.header.get(EVENT_HEADERS.traceparent));
  assert.equal(tp?.traceId, '0af7651916cd43dd8448eb211c80319c');
  assert.equal(stored?.header.get(EVENT_HEADERS.type), 'item.upserted');
});
