import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canAcquire } from './leader.ts';

test('a free or own lease can be taken', () => {
  assert.equal(canAcquire({}, 'me', 0, 0), true);
  assert.equal(canAcquire({ holderIdentity: '' }, 'me', 0, 0), true);
  assert.equal(canAcquire({ holderIdentity: 'me', leaseDurationSeconds: 15 }, 'me', 0, 1), true);
});

test("another holder's lease is taken only after it went unrenewed for the lease duration (local clock)", () => {
  const spec = { holderIdentity: 'other', leaseDurationSeconds: 15 };
  assert.equal(canAcquire(spec, 'me', 1000, 15_999), false);
  assert.equal(canAcquire(spec, 'me', 1000, 16_000), true);
});
