/**
 * Memoizes successful access-token verifications: a client sends the same token on every request
 * for up to 15 minutes, and an EdDSA/ES256 verify costs more than the rest of a cached list
 * request. Entries live until the token expires or `ttlMs` (so a key removed from the key set
 * stops being honoured within that time); failures are never cached. Bounded, oldest evicted first.
 */
import type { VerifiedAccess } from './access-token.ts';

export interface VerifyCacheOptions {
  maxEntries?: number;
  ttlMs?: number;
  now?: () => number;
}

export function cachedVerifier(
  verify: (token: string) => Promise<VerifiedAccess>,
  o: VerifyCacheOptions = {},
): (token: string) => Promise<VerifiedAccess> {
  const max = o.maxEntries ?? 10_000;
  const ttl = o.ttlMs ?? 60_000;
  const now = o.now ?? Date.now;
  const cache = new Map<string, { claims: VerifiedAccess; until: number }>();
  return async (token) => {
    const t = now();
    const hit = cache.get(token);
    if (hit && hit.until > t) return hit.claims;
    if (hit) cache.delete(token);
    const claims = await verify(token);
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(token, { claims, until: Math.min(claims.exp * 1000, t + ttl) });
    return claims;
  };
}
