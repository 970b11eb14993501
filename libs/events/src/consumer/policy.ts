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

/**
 * What a failed write says about its cause. The one place errors are classified (Postgres, Neo4j,
 * Node sockets, NATS), so every worker treats an outage the same way:
 * - `unavailable`: the dependency is down or unreachable (connection refused/reset/timed out,
 *   server shutting down, Neo4j ServiceUnavailable). Not the message's fault: the runner pauses the
 *   consumer and holds the batch until the dependency's probe answers; no delivery is spent.
 * - `transient`: the dependency answered but the attempt lost a race (serialization failure,
 *   deadlock, lock timeout, Neo.TransientError). Retried later with a delay (nakDelaysMs).
 * - `permanent`: may be caused by one message; the runner bisects the batch to find it.
 */
export type ErrorClass = 'unavailable' | 'transient' | 'permanent';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  'ServiceUnavailable', // neo4j-driver
  'SessionExpired', // neo4j-driver
]);

const TRANSIENT_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
]);

const UNAVAILABLE_NAMES = new Set([
  'ConnectionError',
  'TimeoutError',
  'ConnectionException',
  'KnexTimeoutError',
]);

/** pg and pg-pool report a lost or never-made connection by message only. */
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|timeout acquiring a connection|connection (?:is )?closed|server closed the connection|could not connect|failed to connect/i;

export function classifyError(err: unknown, depth = 0): ErrorClass {
  if (typeof err !== 'object' || err === null || depth > 8) return 'permanent';
  const e = err as {
    code?: unknown;
    transient?: unknown;
    unavailable?: unknown;
    cause?: unknown;
    name?: unknown;
    message?: unknown;
    errors?: unknown;
  };
  if (e.unavailable === true) return 'unavailable';
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return 'unavailable';
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return 'unavailable';
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return 'unavailable';
  // AggregateError (e.g. connect to ::1 and 127.0.0.1) and wrapped causes: the worst inner class wins.
  const inner = [
    ...(Array.isArray(e.errors) ? e.errors : []),
    ...(e.cause !== undefined && e.cause !== err ? [e.cause] : []),
  ];
  const classes = inner.map((x) => classifyError(x, depth + 1));
  if (classes.includes('unavailable')) return 'unavailable';
  if (e.transient === true || TRANSIENT_CODES.has(code) || code.startsWith('Neo.TransientError.'))
    return 'transient';
  return classes.includes('transient') ? 'transient' : 'permanent';
}

/**
 * Transient or unavailable: retry the batch as a whole later. Anything else may be one bad message,
 * so the runner splits the batch to find it. Errors can opt in with `transient: true`.
 */
export function isTransientError(err: unknown): boolean {
  return classifyError(err) !== 'permanent';
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
