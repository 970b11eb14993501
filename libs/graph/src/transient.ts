import { isRetryableError } from 'neo4j-driver';

/**
 * True for Neo4j errors that say "the database, not this data": unavailable server, expired
 * session, deadlock or other `Neo.TransientError.*`. executeWrite already retried these for
 * `maxTransactionRetryTime`; a consumer should then retry the batch later, not hunt for a poison
 * message in it.
 */
export function isTransientGraphError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if (isRetryableError(err as Error)) return true;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Neo.TransientError.');
}
