import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPidFile, parsePidFile, procMatches } from './pidfile.ts';

test('pid files round-trip as JSON; bare numbers are accepted', () => {
  const rec = { pid: 42, port: 24222, match: '/s/nats', startedAt: '2025-01-01T00:00:00.000Z' };
  assert.deepEqual(parsePidFile(formatPidFile(rec)), rec);
  assert.deepEqual(parsePidFile('123\n'), { pid: 123 });
});

test('garbage, empty and non-positive pid files are stale', () => {
  for (const text of ['', 'abc', '{"pid":"1"}', '{"pid":0}', '-5', '{"pid":1.5}', '{']) {
    assert.equal(parsePidFile(text), undefined, text);
  }
});

test('procMatches: live process with the expected command line', () => {
  const cmd = '/t/nats-server\0--store_dir\0/s/nats\0';
  assert.equal(procMatches('12 (nats-server) S 1 12', cmd, '/s/nats'), true);
  assert.equal(procMatches('12 (nats-server) S 1 12', cmd, '/other/nats'), false);
  assert.equal(procMatches('12 (nats-server) S 1 12', cmd), true);
});

test('procMatches: zombies and vanished processes are dead', () => {
  assert.equal(procMatches('12 (nats-server) Z 1 12', '', undefined), false);
  assert.equal(procMatches('12 (a) b) Z 1', 'x', undefined), false);
  assert.equal(procMatches(undefined, undefined, 'x'), false);
});
