import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostLimiter } from './host-limiter.ts';

test('at most N concurrent holders per host, FIFO hand-over, hosts independent', async () => {
  const limiter = new HostLimiter(2);
  const order: string[] = [];
  const r1 = await limiter.acquire('a');
  const r2 = await limiter.acquire('a');
  const rb = await limiter.acquire('b');
  assert.equal(limiter.active('a'), 2);
  const p3 = limiter.acquire('a').then((r) => (order.push('3'), r));
  const p4 = limiter.acquire('a').then((r) => (order.push('4'), r));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, []);
  r1();
  r1(); // double release is harmless
  const r3 = await p3;
  assert.deepEqual(order, ['3']);
  r2();
  const r4 = await p4;
  assert.deepEqual(order, ['3', '4']);
  assert.equal(limiter.active('a'), 2);
  r3();
  r4();
  rb();
  assert.equal(limiter.active('a'), 0);
  assert.equal(limiter.active('b'), 0);
});

test('an aborted waiter leaves the queue', async () => {
  const limiter = new HostLimiter(1);
  const r1 = await limiter.acquire('a');
  const ac = new AbortController();
  const waiting = limiter.acquire('a', ac.signal);
  ac.abort(new Error('stop'));
  await assert.rejects(waiting, /stop/);
  r1();
  assert.equal(limiter.active('a'), 0);
});
