import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '@tributary/command';
import { parseSince, replayArgs } from './args.ts';

const now = new Date('2026-11-22T12:00:00Z');

test('--to is required and limited to store|graph', () => {
  assert.throws(() => replayArgs({}, now), UsageError);
  assert.throws(() => replayArgs({ to: 'api' }, now), /one of store, graph/);
  assert.deepEqual(replayArgs({ to: 'store' }, now), { to: 'store', since: null });
  assert.deepEqual(replayArgs({ to: 'graph' }, now), { to: 'graph', since: null });
});

test('--since takes an ISO time', () => {
  assert.equal(parseSince('2026-11-21T10:00:00Z', now).toISOString(), '2026-11-21T10:00:00.000Z');
  assert.equal(parseSince('2026-11-21', now).toISOString(), '2026-11-21T00:00:00.000Z');
});

test('--since takes a duration back from now', () => {
  assert.equal(parseSince('90m', now).toISOString(), '2026-11-22T10:30:00.000Z');
  assert.equal(parseSince('6h', now).toISOString(), '2026-11-22T06:00:00.000Z');
  assert.equal(parseSince('7d', now).toISOString(), '2026-11-15T12:00:00.000Z');
  assert.equal(parseSince('30s', now).toISOString(), '2026-11-22T11:59:30.000Z');
});

test('--since rejects garbage, bare numbers and the future', () => {
  for (const bad of ['yesterday', '12', '5w', '', '2026-13-45'])
    assert.throws(() => parseSince(bad, now), UsageError, bad);
  assert.throws(() => parseSince('2027-01-01T00:00:00Z', now), /future/);
});
