export { Fetcher } from './fetcher.ts';
export { hubsFromLinkHeader } from './link-header.ts';
export type { FetcherOptions, FetchRequest, FetchResult } from './fetcher.ts';
export { FetchError } from './errors.ts';
export type { FetchErrorCode } from './errors.ts';
export { FETCH_DEFAULTS, POLICY_DEFAULTS } from './defaults.ts';
export { blockedReason } from './address-policy.ts';
export type { BlockedReason } from './address-policy.ts';
export { resolveVetted, systemResolver } from './guarded-lookup.ts';
export type { AddressPolicy, Resolver, GuardOptions } from './guarded-lookup.ts';
export { HostLimiter } from './host-limiter.ts';
export { parseRetryAfter, retryAfterUntil } from './retry-after.ts';
export type { RetryAfterPolicy } from './retry-after.ts';
export { failureBackoffMs, withJitter } from './backoff.ts';
export {
  permanentTarget,
  updateRedirectEvidence,
  shouldPersistRedirect,
  REDIRECT_STATUSES,
} from './redirects.ts';
export type { RedirectHop, RedirectEvidence, RedirectPersistPolicy } from './redirects.ts';
export { cacheControlMaxAgeMs, serverHintMs, entryFrequencyMs, nextIntervalMs, isDue } from './schedule.ts';
export type { CacheHints, SchedulePolicy } from './schedule.ts';
