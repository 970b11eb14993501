import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './wait.ts';

test('waitFor returns the first truthy value and treats errors as not yet', async () => {
  let n = 0;
  const v = await waitFor(
    'three',
    async () => {
      n++;
      if (n === 1) throw new Error('boom');
      return n >= 3 ? n : false;
    },
    5_000,
    undefined,
    1,
  );
  assert.equal(v, 3);
});

test('waitFor times out with what, the last error and the explanation', async () => {
  await assert.rejects(
    waitFor(
      'never',
      () => Promise.reject(new Error('nope')),
      30,
      () => 'counts: 0',
      5,
    ),
    /timed out after 0.03s waiting for never \(last error: Error: nope\)\ncounts: 0/,
  );
});
