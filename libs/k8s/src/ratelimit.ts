/**
 * Work-queue rate limiters, as in client-go's `DefaultControllerRateLimiter`: the larger of a
 * per-key exponential failure backoff (5 ms → 1000 s) and a global token bucket (10 qps, burst 100).
 * Pure: time comes from an injected clock.
 */
export interface RateLimiter {
  /** How long to wait before `key` may be processed again. */
  when(key: string): number;
  /** Clear the key's failure history (after a successful reconcile). */
  forget(key: string): void;
  numRequeues(key: string): number;
}

export function exponentialFailureLimiter(baseMs = 5, maxMs = 1_000_000): RateLimiter {
  const failures = new Map<string, number>();
  return {
    when(key) {
      const n = failures.get(key) ?? 0;
      failures.set(key, n + 1);
      return Math.min(maxMs, baseMs * 2 ** n);
    },
    forget(key) {
      failures.delete(key);
    },
    numRequeues(key) {
      return failures.get(key) ?? 0;
    },
  };
}

/** A token bucket that reserves tokens: each call returns the wait until its token exists. */
export function tokenBucketLimiter(qps = 10, burst = 100, now: () => number = Date.now): RateLimiter {
  let tokens = burst;
  let last = now();
  return {
    when() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * qps);
      last = t;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens / qps) * 1000);
    },
    forget() {},
    numRequeues() {
      return 0;
    },
  };
}

export function maxOfLimiters(...limiters: RateLimiter[]): RateLimiter {
  return {
    when: (key) => Math.max(...limiters.map((l) => l.when(key))),
    forget: (key) => limiters.forEach((l) => l.forget(key)),
    numRequeues: (key) => Math.max(...limiters.map((l) => l.numRequeues(key))),
  };
}

export function defaultControllerRateLimiter(now?: () => number): RateLimiter {
  return maxOfLimiters(exponentialFailureLimiter(5, 1_000_000), tokenBucketLimiter(10, 100, now));
}
