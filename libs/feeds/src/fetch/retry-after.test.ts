import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter, retryAfterUntil } from './retry-after.ts';
import { failureBackoffMs, withJitter } from './backoff.ts';

const now = Date.parse('2026-03-01T12:00:00Z');

test('Retry-After as seconds', () => {
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
});

test('Retry-After as HTTP-date (IMF-fixdate and obsolete forms)', () => {
  assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:05:00 GMT', now), 300_000);
  assert.equal(parseRetryAfter('Sunday, 01-Mar-26 12:01:00 GMT', now), 60_000);
  assert.equal(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now), 0, 'past date means now');
});

test('garbage and absent values are null', () => {
  for (const v of [null, undefined, '', '-5', '1.5', 'soon', '0x10'])
    assert.equal(parseRetryAfter(v, now), null, String(v));
});

test('retryAfterUntil caps, defaults and jitters', () => {
  const policy = { capMs: 48 * 3600_000, defaultMs: 600_000, jitterRatio: 0.1 };
  assert.equal(
    retryAfterUntil('60', now, policy, () => 0),
    now + 60_000,
  );
  assert.equal(
    retryAfterUntil('60', now, policy, () => 0.5),
    now + 63_000,
  );
  assert.equal(
    retryAfterUntil('9999999', now, policy, () => 0),
    now + 48 * 3600_000,
  );
  assert.equal(
    retryAfterUntil(null, now, policy, () => 0),
    now + 600_000,
  );
  assert.equal(
    retryAfterUntil('nonsense', now, policy, () => 0),
    now + 600_000,
  );
});

test('failure backoff follows max(8,n)^4 seconds with a cap', () => {
  assert.equal(failureBackoffMs(0), 0);
  assert.equal(failureBackoffMs(1), 4096_000);
  assert.equal(failureBackoffMs(8), 4096_000);
  assert.equal(failureBackoffMs(10), 10_000_000);
  assert.equal(failureBackoffMs(100), 24 * 3600_000);
  assert.equal(failureBackoffMs(10, 60_000), 60_000);
  // monotonic
  for (let n = 1; n < 40; n++) assert.ok(failureBackoffMs(n + 1) >= failureBackoffMs(n));
});

test('jitter stays within the ratio', () => {
  assert.equal(
    withJitter(1000, 0.1, () => 0),
    1000,
  );
  assert.equal(
    withJitter(1000, 0.1, () => 0.999),
    1099,
  );
});
