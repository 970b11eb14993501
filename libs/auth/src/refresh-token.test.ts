import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideRefresh, hashRefreshToken, looksLikeRefreshToken, newRefreshToken } from './refresh-token.ts';

const now = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-02T00:00:00Z');
const base = { familyId: 'f', expiresAt: later, usedAt: null, revokedAt: null };

test('refresh tokens are opaque, unique and hashed deterministically', () => {
  const t = newRefreshToken();
  assert.ok(looksLikeRefreshToken(t));
  assert.notEqual(t, newRefreshToken());
  assert.equal(hashRefreshToken(t), hashRefreshToken(t));
  assert.match(hashRefreshToken(t), /^[0-9a-f]{64}$/);
  assert.equal(looksLikeRefreshToken('eyJhbGciOi'), false);
});

test('rotation decisions: fresh rotates, spent revokes the family, others reject', () => {
  assert.deepEqual(decideRefresh(base, now), { action: 'rotate' });
  assert.deepEqual(decideRefresh(undefined, now), { action: 'reject', code: 'refresh-unknown' });
  assert.deepEqual(decideRefresh({ ...base, usedAt: now }, now), {
    action: 'revoke-family',
    code: 'refresh-reused',
  });
  assert.deepEqual(decideRefresh({ ...base, revokedAt: now, usedAt: now }, now), {
    action: 'reject',
    code: 'refresh-revoked',
  });
  assert.deepEqual(decideRefresh({ ...base, expiresAt: now }, now), {
    action: 'reject',
    code: 'refresh-expired',
  });
});
