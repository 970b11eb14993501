import { retryUntil } from '@tributary/command';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NatsConfig } from './config.ts';
import { natsConfigFromEnv } from './config.ts';

export interface ConnectOptions {
  /** Connection name shown in server monitoring (e.g. `tributary-store-writer`). */
  name?: string;
  /** One dial's bound (ms). */
  timeoutMs?: number;
  /**
   * Keep retrying the first connect this long (ms; default 0: one dial). A role's pod may start
   * before NATS is ready, or before the NetworkPolicy enforcer has admitted the pod's new address
   * (its first packets are refused for a moment). Callers with their own retry (the operator's work
   * queue) leave it at 0.
   */
  waitMs?: number;
}

/** How long a role waits at start for NATS (ConnectOptions.waitMs of the api, workers, ingest). */
export const STARTUP_WAIT_MS = 60_000;

/**
 * Connects to NATS. Once connected it reconnects forever with jitter: workers must outlive a NATS
 * restart (their consumers resume from the server-side durable state).
 */
export async function connectNats(
  config: NatsConfig = natsConfigFromEnv(),
  opts: ConnectOptions = {},
): Promise<NatsConnection> {
  return retryUntil(
    () =>
      connect({
        servers: config.servers,
        name: opts.name ?? 'tributary',
        timeout: opts.timeoutMs ?? 10_000,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        reconnectJitter: 250,
        waitOnFirstConnect: false,
      }),
    opts.waitMs ?? 0,
  );
}

/** How long a shutdown waits for NATS to drain: draining takes milliseconds when NATS is up. */
export const DRAIN_TIMEOUT_MS = 3_000;

/**
 * Drains the connection (pending publishes flushed, subscriptions closed) at shutdown. While NATS
 * is down, drain waits for a reconnect that may never come and the process would linger until
 * SIGKILL: after `timeoutMs` the connection is closed instead.
 */
export async function drainOrClose(
  nc: Pick<NatsConnection, 'drain' | 'close' | 'isClosed'>,
  timeoutMs = DRAIN_TIMEOUT_MS,
): Promise<'drained' | 'closed'> {
  if (nc.isClosed()) return 'closed';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([nc.drain().then(() => 'drained' as const), timeout]);
    if (outcome === 'drained') return 'drained';
  } catch {
    // already closing or closed: close() below settles it
  } finally {
    clearTimeout(timer);
  }
  await nc.close().catch(() => undefined);
  return 'closed';
}
