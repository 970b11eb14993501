/**
 * Rate limits with express-rate-limit: one per client IP (before authentication, so floods never
 * reach token verification or scrypt) and one per user (after authentication). Headers follow the
 * IETF RateLimit draft 8 (`RateLimit-Policy`, `RateLimit`); a refusal is a 429 problem with
 * Retry-After. The store is in-process by default; `natsKvStore` shares counters between replicas.
 */
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import type { Store } from 'express-rate-limit';
import { HttpProblem } from '@tributary/http';

export interface RateLimitSettings {
  windowMs: number;
  perIp: number;
  perUser: number;
  /** Returns a shared store for one limiter (by name); undefined = in-process memory. */
  store?: (name: 'ip' | 'user') => Store;
}

function refuse(): RequestHandler {
  return (_req, res, next) => {
    const retryAfter = res.getHeader('Retry-After');
    next(
      new HttpProblem('rate-limited', 'rate limit reached; retry later', {
        headers: retryAfter ? { 'Retry-After': String(retryAfter) } : {},
      }),
    );
  };
}

export function ipRateLimit(s: RateLimitSettings): RequestHandler {
  return rateLimit({
    windowMs: s.windowMs,
    limit: s.perIp,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'ip',
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: refuse(),
    ...(s.store ? { store: s.store('ip') } : {}),
  });
}

/** Applies only to authenticated requests (req.user set by the bearer guard). */
export function userRateLimit(s: RateLimitSettings): RequestHandler {
  return rateLimit({
    windowMs: s.windowMs,
    limit: s.perUser,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'user',
    skip: (req) => !req.user,
    keyGenerator: (req) => req.user?.sub ?? 'anonymous',
    handler: refuse(),
    ...(s.store ? { store: s.store('user') } : {}),
  });
}
