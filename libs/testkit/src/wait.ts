import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns a truthy value (returned) or the deadline passes. Errors thrown by
 * `check` count as "not yet"; the timeout error names what was awaited, the last error and
 * `explain()` (e.g. current counts), so a failing wait says why.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | false | null | undefined>,
  timeoutMs = 30_000,
  explain: () => Promise<string> | string = () => '',
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) {
      const detail = await explain();
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting for ${what}${lastErr ? ` (last error: ${String(lastErr)})` : ''}${detail ? `\n${detail}` : ''}`,
      );
    }
    await sleep(everyMs);
  }
}
