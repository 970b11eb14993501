import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { connectNats, drainOrClose } from './connect.ts';

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

test('with waitMs the first connect is retried until its deadline; without, it is one dial', async () => {
  // A TCP listener that hangs up on every connection: NATS never answers, each dial fails fast.
  let dials = 0;
  const server = createServer((socket) => {
    dials++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const config = { servers: [`nats://127.0.0.1:${port}`], prefix: '' };
    await assert.rejects(connectNats(config, { waitMs: 1_500 }));
    assert.ok(dials >= 3, `dialled ${dials} times`);
    dials = 0;
    await assert.rejects(connectNats(config));
    assert.equal(dials, 1);
  } finally {
    server.close();
  }
});
