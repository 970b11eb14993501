import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `attempt` until it resolves. After a rejection it waits 250 ms, doubling up to 2 s, and
 * rethrows the last error once the next try would start after `waitMs` (0: one try). For a role
 * waiting at start for a server that may not be up yet, or not yet reachable from a new pod.
 */
export async function retryUntil<T>(attempt: () => Promise<T>, waitMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const pause = Math.min(250 * 2 ** (n - 1), 2_000);
      if (Date.now() + pause >= deadline) throw err;
      await sleep(pause);
    }
  }
}
