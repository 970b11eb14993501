/**
 * Fetch defaults, named in one place with their reasons (the bar: Miniflux `options.go`,
 * FreshRSS and Feedbin; each reason names which).
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const FETCH_DEFAULTS = {
  /** Miniflux's HTTP client timeout: long enough for slow hosts, short enough to free the job. */
  timeoutMs: 20 * SECOND,
  /** Connecting should be quick; a host that cannot accept a TCP/TLS connection in 10 s is down. */
  connectTimeoutMs: 10 * SECOND,
  /** Miniflux's max body size; counted after decompression so gzip bombs are stopped early. */
  maxBytes: 15 * 1024 * 1024,
  /** RFC 9110 suggests ≥ 5 are enough for legitimate chains; more is almost always a loop. */
  maxRedirects: 5,
  /** At most this many simultaneous requests to one host from one process. */
  perHostConcurrency: 2,
  userAgent: 'Tributary/0.1 (+https://tributary.dev; feed fetcher)',
} as const;

export const POLICY_DEFAULTS = {
  /** FreshRSS caps Retry-After at 48 h: a hostile or buggy header cannot silence a feed forever. */
  retryAfterCapMs: 48 * HOUR,
  /** A 429/503 without a usable Retry-After still means "slow down": wait this long. */
  retryAfterDefaultMs: 25 * MINUTE,
  /** Spread of the random jitter added to waits so that many feeds on one host do not stampede. */
  jitterRatio: 0.1,
  /** Failure backoff cap: a broken feed is still retried daily, never silently dropped. */
  backoffCapMs: 24 * HOUR,
  /** Adaptive polling interval bounds (Miniflux entry_frequency: 5 min … 24 h). */
  minIntervalMs: 5 * MINUTE,
  maxIntervalMs: 24 * HOUR,
  /** Interval used when a feed gives no dated entries to learn from (Miniflux polls hourly). */
  defaultIntervalMs: 60 * MINUTE,
  /** A 410 feed is re-checked this often, in case the publisher changes its mind. */
  goneRecheckMs: 24 * HOUR,
  /** A permanent redirect is persisted only after this many consistent sightings … */
  redirectMinSightings: 3,
  /** … spread over at least this long (Feedbin persists only stable redirects). */
  redirectMinSpanMs: 24 * HOUR,
  /** Cron ticks and run start-up jitter: a run this early is still "due". */
  dueSlackMs: 30 * SECOND,
} as const;
