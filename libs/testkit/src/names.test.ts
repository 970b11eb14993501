import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resourceNames, streamBelongsTo, suiteId, withDatabase } from './names.ts';

test('suite ids are unique, short and valid in every server', () => {
  const ids = new Set(Array.from({ length: 200 }, () => suiteId()));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.match(id, /^t[a-z0-9]{5,}$/);
});

test('resource names follow each server’s rules', () => {
  const n = resourceNames('tabc12');
  assert.equal(n.database(1), 'tabc12_1');
  assert.match(n.namespace(2), /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  assert.equal(n.neo4jLabelPrefix, 'Tabc12_');
  assert.match(`${n.natsPrefix}_ITEMS`, /^[-\w]+$/);
});

test('streamBelongsTo covers streams, KV buckets and object stores of the suite only', () => {
  assert.equal(streamBelongsTo('tabc_ITEMS', 'tabc'), true);
  assert.equal(streamBelongsTo('KV_tabc_state', 'tabc'), true);
  assert.equal(streamBelongsTo('OBJ_tabc_blobs', 'tabc'), true);
  assert.equal(streamBelongsTo('ITEMS', 'tabc'), false);
  assert.equal(streamBelongsTo('tabcd_ITEMS', 'tabc'), false);
});

test('withDatabase swaps the database of a URL', () => {
  assert.equal(
    withDatabase('postgres://postgres@127.0.0.1:25432/tributary', 'tx_1'),
    'postgres://postgres@127.0.0.1:25432/tx_1',
  );
});
