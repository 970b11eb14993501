import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedVerifier } from './verify-cache.ts';
import type { VerifiedAccess } from './access-token.ts';

test('successes are cached until expiry or ttl; failures and evicted tokens are verified again', async () => {
  let clock = 1_000_000;
  const calls: string[] = [];
  const verify = (token: string): Promise<VerifiedAccess> => {
    calls.push(token);
    if (token === 'bad') return Promise.reject(new Error('invalid'));
    return Promise.resolve({
      sub: token,
      role: 'viewer',
      email: 'a@b.c',
      jti: token,
      exp: (clock + 30_000) / 1000,
    });
  };
  const cached = cachedVerifier(verify, { maxEntries: 2, ttlMs: 60_000, now: () => clock });
  await cached('a');
  await cached('a');
  assert.deepEqual(calls, ['a']);
  await assert.rejects(cached('bad'));
  await assert.rejects(cached('bad'));
  assert.deepEqual(calls, ['a', 'bad', 'bad']);
  clock += 31_000; // past the token's exp
  await cached('a');
  assert.equal(calls.filter((c) => c === 'a').length, 2);
  await cached('b');
  await cached('c'); // evicts the oldest ('a')
  await cached('a');
  assert.equal(calls.filter((c) => c === 'a').length, 3);
});
