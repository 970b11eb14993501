import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from './batcher.ts';

async function* timed(items: Array<[number, number]>) {
  for (const [value, delayMs] of items) {
    await new Promise((r) => setTimeout(r, delayMs));
    yield value;
  }
}

test('fills a batch up to max from items already available', async () => {
  const b = new Batcher(timed([1, 2, 3, 4, 5].map((v) => [v, 0])), 2, 1000);
  assert.deepEqual(await b.next(), [1, 2]);
  assert.deepEqual(await b.next(), [3, 4]);
  assert.deepEqual(await b.next(), [5]);
  assert.equal(await b.next(), null);
  assert.equal(await b.next(), null);
});

test('closes a batch after lingerMs and keeps the late item for the next one', async () => {
  const b = new Batcher(
    timed([
      [1, 0],
      [2, 0],
      [3, 120],
    ]),
    10,
    30,
  );
  assert.deepEqual(await b.next(), [1, 2]);
  assert.deepEqual(await b.next(), [3]);
  assert.equal(await b.next(), null);
});
