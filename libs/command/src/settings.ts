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

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/**
 * A boolean setting from the environment: `fallback` when unset or blank; true/false, 1/0,
 * yes/no, on/off in any case; anything else is a UsageError naming the variable (never a silent
 * default, so a typo cannot turn a safety guard off).
 */
export function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const v = raw.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new UsageError(`${name} must be a boolean (true/false, 1/0, yes/no, on/off), got "${raw}"`);
}
