import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NatsConfig } from './config.ts';
import { natsConfigFromEnv } from './config.ts';

export interface ConnectOptions {
  /** Connection name shown in server monitoring (e.g. `tributary-store-writer`). */
  name?: string;
  /** Give up after this long on the first connect (ms); reconnects after that are unbounded. */
  timeoutMs?: number;
}

/**
 * Connects to NATS. Reconnects forever with jitter once connected: workers must outlive a NATS
 * restart (their consumers resume from the server-side durable state).
 */
export async function connectNats(
  config: NatsConfig = natsConfigFromEnv(),
  opts: ConnectOptions = {},
): Promise<NatsConnection> {
  return connect({
    servers: config.servers,
    name: opts.name ?? 'tributary',
    timeout: opts.timeoutMs ?? 10_000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    reconnectJitter: 250,
    waitOnFirstConnect: false,
  });
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
