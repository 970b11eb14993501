import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryUntil } from './retry.ts';

test('retryUntil retries a failing attempt until it succeeds', async () => {
  let calls = 0;
  const v = await retryUntil(async () => {
    if (++calls < 3) throw new Error(`try ${calls}`);
    return 'ok';
  }, 5_000);
  assert.equal(v, 'ok');
  assert.equal(calls, 3);
});

test('retryUntil gives up with the last error at its deadline; waitMs 0 is one try', async () => {
  let calls = 0;
  await assert.rejects(
    retryUntil(async () => {
      throw new Error(`try ${++calls}`);
    }, 0),
    /try 1/,
  );
  assert.equal(calls, 1);
  calls = 0;
  await assert.rejects(
    retryUntil(async () => {
      throw new Error(`try ${++calls}`);
    }, 600),
    (err: Error) => err.message === `try ${calls}` && calls >= 2,
  );
});
