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
