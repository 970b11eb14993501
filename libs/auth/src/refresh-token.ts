/**
 * Refresh tokens (RFC 9700 §4.14): opaque random strings, stored only as SHA-256 hashes (they carry
 * 256 bits of entropy, so a slow KDF adds nothing), single use, and grouped in a family per login:
 * presenting a token that was already spent means it leaked, so the whole family is revoked.
 */
import { createHash, randomBytes } from 'node:crypto';

export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;
const PREFIX = 'trt_';

export function newRefreshToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeRefreshToken(token: string): boolean {
  return token.startsWith(PREFIX) && token.length === PREFIX.length + 43;
}

export interface StoredRefreshToken {
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshDecision =
  | { action: 'rotate' }
  | { action: 'reject'; code: 'refresh-unknown' | 'refresh-expired' | 'refresh-revoked' }
  | { action: 'revoke-family'; code: 'refresh-reused' };

/** What to do with a presented refresh token, given its stored record (undefined = not found). */
export function decideRefresh(record: StoredRefreshToken | undefined, now: Date): RefreshDecision {
  if (!record) return { action: 'reject', code: 'refresh-unknown' };
  if (record.revokedAt) return { action: 'reject', code: 'refresh-revoked' };
  if (record.usedAt) return { action: 'revoke-family', code: 'refresh-reused' };
  if (record.expiresAt.getTime() <= now.getTime()) return { action: 'reject', code: 'refresh-expired' };
  return { action: 'rotate' };
}
