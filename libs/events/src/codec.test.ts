import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, decodeEvent, decodeEventOf, encodeEvent } from './codec.ts';
import { EventsError } from './errors.ts';
import { sampleFeedFetched, sampleItemUpserted } from './testing.ts';

test('item.upserted round-trips through the codec', () => {
  const event = createEvent('item.upserted', sampleItemUpserted());
  assert.deepEqual(decodeEventOf('item.upserted', encodeEvent(event)), event);
  assert.equal(event.schemaVersion, 1);
  assert.match(event.eventId, /^[0-9a-f-]{36}$/);
});

test('encodeEvent refuses an invalid payload (producers cannot publish what consumers reject)', () => {
  const bad = createEvent('item.upserted', sampleItemUpserted({ contentHash: 'not-a-hash' }));
  assert.throws(
    () => encodeEvent(bad),
    (e: unknown) => e instanceof EventsError && e.code === 'SCHEMA_INVALID',
  );
});

test('decodeEvent reports each failure with its code', () => {
  const code = (body: string) => {
    try {
      decodeEvent(body);
      return 'ok';
    } catch (e) {
      return (e as EventsError).code;
    }
  };
  assert.equal(code('{'), 'DECODE_FAILED');
  assert.equal(code('{"type":"nope","schemaVersion":1}'), 'UNKNOWN_EVENT_TYPE');
  const ok = createEvent('feed.deleted', { feed: { uid: 'u', namespace: 'n', name: 'x' } });
  assert.equal(code(JSON.stringify({ ...ok, schemaVersion: 2 })), 'UNSUPPORTED_SCHEMA_VERSION');
  assert.equal(code(JSON.stringify({ ...ok, extra: 1 })), 'SCHEMA_INVALID');
  assert.equal(code(JSON.stringify(ok)), 'ok');
  assert.throws(() => decodeEvent(new Uint8Array([0xff, 0xfe])), /not UTF-8 JSON/);
});

test('feed.fetched requires every contract field', () => {
  const data = sampleFeedFetched();
  assert.doesNotThrow(() => encodeEvent(createEvent('feed.fetched', data)));
  const { hubs: _omitted, ...missing } = data;
  assert.throws(() => encodeEvent(createEvent('feed.fetched', missing as typeof data)), /hubs/);
});
