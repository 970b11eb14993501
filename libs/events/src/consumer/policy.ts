/**
 * Pure decisions of the consumer runner: what to do with a message whose processing failed, and
 * which errors are transient (worth retrying the whole batch) as opposed to caused by one message.
 */
import { PoisonMessageError } from '../errors.ts';

export type FailureAction = { action: 'nak'; delayMs: number } | { action: 'dead-letter'; reason: string };

export interface FailurePolicy {
  maxDeliver: number;
  nakDelaysMs: readonly number[];
}

/** Poison → dead-letter now; otherwise retry later, until the last allowed delivery. */
export function decideFailure(err: unknown, deliveryCount: number, policy: FailurePolicy): FailureAction {
  if (err instanceof PoisonMessageError) return { action: 'dead-letter', reason: `poison: ${err.reason}` };
  const message = err instanceof Error ? err.message : String(err);
  if (deliveryCount >= policy.maxDeliver) {
    return {
      action: 'dead-letter',
      reason: `max deliveries (${policy.maxDeliver}) exhausted; last error: ${message}`,
    };
  }
  return { action: 'nak', delayMs: nakDelay(deliveryCount, policy.nakDelaysMs) };
}

export function nakDelay(deliveryCount: number, delays: readonly number[]): number {
  if (delays.length === 0) return 0;
  return delays[Math.min(Math.max(deliveryCount, 1), delays.length) - 1]!;
}

/** Node socket errors and Postgres SQLSTATEs that say "the system, not this message". */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

/**
 * Transient: retry the batch as a whole later. Anything else may be one bad message, so the runner
 * splits the batch to find it. Errors can opt in with `transient: true`.
 */
export function isTransientError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; transient?: unknown; cause?: unknown; name?: unknown };
  if (e.transient === true) return true;
  if (typeof e.code === 'string' && (TRANSIENT_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (e.name === 'ConnectionError' || e.name === 'TimeoutError') return true;
  return e.cause !== undefined && e.cause !== err ? isTransientError(e.cause) : false;
}

/** Uniform jitter in [min, max), growing with the attempt number. */
export function restartDelay(
  attempt: number,
  range: { min: number; max: number },
  random = Math.random,
): number {
  const ceiling = Math.min(range.max, range.min * 2 ** Math.min(attempt, 16));
  return Math.floor(range.min + random() * (ceiling - range.min));
}
