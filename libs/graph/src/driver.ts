import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import type { GraphConfig } from './config.ts';

/**
 * A driver for the configured server. Integers come back as JS numbers (counts and ids here stay
 * far below 2^53); query parameters that must be integers (LIMIT, SKIP) use `neo4j.int`.
 */
export function createGraphDriver(config: GraphConfig): Driver {
  // No token means the 'none' scheme: the local stack runs with auth disabled.
  const auth = config.auth ? neo4j.auth.basic(config.auth.username, config.auth.password) : undefined;
  return neo4j.driver(config.url, auth, {
    disableLosslessIntegers: true,
    // executeWrite retries transient errors (deadlocks between concurrent batches) for this long.
    maxTransactionRetryTime: 30_000,
    connectionAcquisitionTimeout: 60_000,
  });
}
