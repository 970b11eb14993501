import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventAggregator } from './events.ts';

test('the first event is created; identical repeats are folded into one count patch per interval', () => {
  const a = new EventAggregator({ patchIntervalMs: 10_000 });
  assert.deepEqual(a.observe('k', 'uid', 0), { action: 'create' });
  assert.deepEqual(a.observe('k', 'uid', 1000), { action: 'defer' });
  assert.deepEqual(a.observe('k', 'uid', 2000), { action: 'defer' });
  assert.deepEqual(a.observe('k', 'uid', 12_000), { action: 'patch', count: 4 });
  assert.deepEqual(a.due(30_000), [], 'nothing pending after a patch');
});

test('deferred repeats are flushed by due()', () => {
  const a = new EventAggregator({ patchIntervalMs: 10_000 });
  a.observe('k', 'uid', 0);
  a.observe('k', 'uid', 1);
  a.observe('k', 'uid', 2);
  assert.deepEqual(a.due(5000), []);
  assert.deepEqual(a.due(10_000), [{ key: 'k', count: 3 }]);
  assert.deepEqual(a.due(40_000), []);
});

test('a storm of distinct events on one object is cut off by the per-object bucket', () => {
  const a = new EventAggregator({ burst: 5, refillMs: 60_000 });
  const actions = Array.from({ length: 10 }, (_, i) => a.observe(`k${i}`, 'uid', 0).action);
  assert.deepEqual(actions, [
    'create',
    'create',
    'create',
    'create',
    'create',
    'drop',
    'drop',
    'drop',
    'drop',
    'drop',
  ]);
  assert.equal(a.observe('other-object', 'uid2', 0).action, 'create', 'other objects are unaffected');
  assert.equal(a.observe('k9', 'uid', 60_000).action, 'create', 'a token refills over time');
});
