import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemMsgId, subjects } from './subjects.ts';
import { desiredStreams, topologyNames } from './topology.ts';
import { childTraceparent, parseTraceparent } from './trace.ts';
import { natsConfigFromEnv } from './config.ts';

test('contract subjects without a prefix', () => {
  const s = subjects();
  assert.equal(s.itemUpserted('u1'), 'tributary.items.upserted.u1');
  assert.equal(s.itemEnriched('u1'), 'tributary.items.enriched.u1');
  assert.equal(s.feedFetched('u1'), 'tributary.feeds.fetched.u1');
  assert.equal(s.feedDeleted('u1'), 'tributary.feeds.deleted.u1');
  assert.equal(itemMsgId('u1', 'guid:x', 'ab'), 'u1:guid:x:ab');
});

test('a prefix isolates subjects and names', () => {
  assert.equal(subjects('t7').itemUpserted('u'), 't7.tributary.items.upserted.u');
  assert.equal(topologyNames('t7').streams.ITEMS, 't7_ITEMS');
  assert.equal(topologyNames('').streams.DLQ, 'DLQ');
  assert.throws(() => subjects().itemUpserted('a.b'), /invalid feed uid/);
});

test('desired streams: FEEDS holds fetched and deleted, DLQ captures max-delivery advisories', () => {
  const d = desiredStreams('p', { replicas: 3, duplicateWindowMs: 60_000 });
  assert.deepEqual(d.FEEDS.subjects, ['p.tributary.feeds.>']);
  assert.ok(d.DLQ.subjects?.includes('$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.p_ITEMS.*'));
  assert.equal(d.ITEMS.num_replicas, 3);
  assert.equal(d.ITEMS.duplicate_window, 60_000 * 1e6);
});

test('traceparent: child keeps the trace id, root is new', () => {
  const root = childTraceparent();
  const child = childTraceparent(root);
  assert.equal(parseTraceparent(child)?.traceId, parseTraceparent(root)?.traceId);
  assert.notEqual(parseTraceparent(child)?.spanId, parseTraceparent(root)?.spanId);
  assert.equal(parseTraceparent('garbage'), null);
});

test('natsConfigFromEnv defaults and validation', () => {
  assert.deepEqual(natsConfigFromEnv({}), { servers: ['nats://127.0.0.1:24222'], prefix: '', topology: {} });
  assert.deepEqual(natsConfigFromEnv({ NATS_URL: 'nats://a:1, nats://b:2', TRIBUTARY_NATS_PREFIX: 't1' }), {
    servers: ['nats://a:1', 'nats://b:2'],
    prefix: 't1',
    topology: {},
  });
  assert.equal(natsConfigFromEnv({ TRIBUTARY_JETSTREAM_CONFIG: '{"replicas":3}' }).topology?.replicas, 3);
  assert.throws(() => natsConfigFromEnv({ TRIBUTARY_NATS_PREFIX: 'a.b' }), /TRIBUTARY_NATS_PREFIX/);
});
