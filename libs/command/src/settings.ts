import { UsageError } from './args.ts';

/**
 * An integer setting from the environment: `fallback` when unset or blank, a UsageError naming the
 * variable when it is malformed or out of range (a bad setting exits 2 with that message).
 */
export function intSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new UsageError(`${name} must be an integer ${range}, got "${raw}"`);
  }
  return n;
}
