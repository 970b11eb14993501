/** Jittered exponential backoff for reconnect loops (pure). */
export interface Backoff {
  /** Next delay in ms; grows until `reset()`. */
  next(): number;
  reset(): void;
}

export function exponentialBackoff(
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): Backoff {
  let attempt = 0;
  return {
    next() {
      const raw = Math.min(maxMs, baseMs * 2 ** attempt);
      attempt = Math.min(attempt + 1, 52);
      // "Equal jitter": half fixed, half random, so restarts of many clients spread out.
      return Math.round(raw / 2 + (random() * raw) / 2);
    },
    reset() {
      attempt = 0;
    },
  };
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
