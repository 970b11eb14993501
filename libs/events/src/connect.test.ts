import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drainOrClose } from './connect.ts';

function fakeConnection(drain: () => Promise<void>) {
  const calls: string[] = [];
  let closed = false;
  return {
    calls,
    nc: {
      isClosed: () => closed,
      drain: () => (calls.push('drain'), drain()),
      close: async () => {
        calls.push('close');
        closed = true;
      },
    },
  };
}

test('a drain that completes is all a shutdown does', async () => {
  const { nc, calls } = fakeConnection(async () => undefined);
  assert.equal(await drainOrClose(nc, 1_000), 'drained');
  assert.deepEqual(calls, ['drain']);
});

test('a drain stuck while NATS is down is cut short by close (the process can exit)', async () => {
  const { nc, calls } = fakeConnection(() => new Promise<void>(() => undefined));
  const started = Date.now();
  assert.equal(await drainOrClose(nc, 50), 'closed');
  assert.ok(Date.now() - started < 1_000);
  assert.deepEqual(calls, ['drain', 'close']);
  assert.equal(await drainOrClose(nc, 50), 'closed', 'an already closed connection is left alone');
  assert.deepEqual(calls, ['drain', 'close']);
});

test('a drain that throws (connection closing) still closes', async () => {
  const { nc, calls } = fakeConnection(() => Promise.reject(new Error('connection draining')));
  assert.equal(await drainOrClose(nc, 1_000), 'closed');
  assert.deepEqual(calls, ['drain', 'close']);
});
