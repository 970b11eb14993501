import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from './workqueue.ts';
import { defaultControllerRateLimiter, exponentialFailureLimiter, tokenBucketLimiter } from './ratelimit.ts';

test('a key is queued once however often it is added', async () => {
  const q = new WorkQueue();
  q.add('a');
  q.add('a');
  q.add('b');
  assert.equal(q.length, 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(q.length, 0);
});

test('a key being processed is not handed to a second worker; re-added keys come back after done', async () => {
  const q = new WorkQueue();
  q.add('a');
  const k = await q.get();
  assert.equal(k, 'a');
  q.add('a'); // while processing: marked dirty, not queued
  assert.equal(q.length, 0);
  let second: string | undefined;
  const waiting = q.get().then((v) => (second = v));
  await new Promise((r) => setImmediate(r));
  assert.equal(second, undefined, 'no second worker gets the key while it is processed');
  q.done('a');
  await waiting;
  assert.equal(second, 'a');
});

test('addAfter delays and keeps the earliest due time', async () => {
  const q = new WorkQueue();
  q.addAfter('a', 200);
  q.addAfter('a', 10);
  q.addAfter('a', 500);
  const t0 = Date.now();
  assert.equal(await q.get(), 'a');
  const waited = Date.now() - t0;
  assert.ok(waited >= 5 && waited < 150, `waited ${waited} ms`);
});

test('shutdown wakes idle workers with undefined and stops taking work', async () => {
  const q = new WorkQueue();
  const idle = q.get();
  q.add('x');
  assert.equal(await idle, 'x');
  q.add('y');
  q.shutdown();
  assert.equal(await q.get(), undefined);
  q.add('z');
  assert.equal(q.length, 1, 'nothing new is accepted after shutdown');
});

test('shutdownWithDrain waits for in-flight keys', async () => {
  const q = new WorkQueue();
  q.add('a');
  await q.get();
  let drained = false;
  const p = q.shutdownWithDrain().then(() => (drained = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(drained, false);
  q.done('a');
  await p;
  assert.equal(drained, true);
});

test('per-key exponential backoff: 5 ms doubling to a 1000 s cap, forget resets', () => {
  const l = exponentialFailureLimiter(5, 1_000_000);
  const delays = Array.from({ length: 20 }, () => l.when('k'));
  assert.deepEqual(delays.slice(0, 5), [5, 10, 20, 40, 80]);
  assert.equal(delays.at(-1), 1_000_000);
  assert.equal(l.numRequeues('k'), 20);
  assert.equal(l.when('other'), 5, 'keys back off independently');
  l.forget('k');
  assert.equal(l.when('k'), 5);
});

test('token bucket: burst of 100 free, then 10 per second', () => {
  let now = 0;
  const b = tokenBucketLimiter(10, 100, () => now);
  for (let i = 0; i < 100; i++) assert.equal(b.when('k'), 0);
  assert.equal(b.when('k'), 100);
  assert.equal(b.when('k'), 200);
  now += 10_000; // refills fully (the bucket cap stops it at 100)
  assert.equal(b.when('k'), 0);
});

test('default controller limiter is the max of both', () => {
  const now = 0;
  const l = defaultControllerRateLimiter(() => now);
  assert.equal(l.when('a'), 5);
  for (let i = 0; i < 99; i++) l.when(`k${i}`);
  // bucket exhausted: the next key waits for a token although its own backoff is 5 ms
  assert.equal(l.when('fresh'), 100);
});

test('a failing key is retried with growing delays (addRateLimited)', async () => {
  const q = new WorkQueue({ limiter: exponentialFailureLimiter(20, 1000) });
  const times: number[] = [];
  const t0 = Date.now();
  q.add('k');
  for (let i = 0; i < 4; i++) {
    const k = await q.get();
    times.push(Date.now() - t0);
    q.done(k as string);
    q.addRateLimited(k as string);
  }
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  assert.ok((gaps[0] as number) >= 15, `gaps ${gaps}`);
  assert.ok((gaps[2] as number) >= 75, `gaps ${gaps}`);
  assert.equal(q.numRequeues('k'), 4);
  q.shutdown();
});
