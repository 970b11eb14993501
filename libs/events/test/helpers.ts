import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats, natsConfigFromEnv } from '../src/index.ts';

/** A NATS connection and a fresh prefix; `cleanup` deletes every stream made under that prefix. */
export async function natsForTest(): Promise<{
  nc: NatsConnection;
  prefix: string;
  url: string;
  cleanup(): Promise<void>;
}> {
  const config = natsConfigFromEnv();
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const nc = await connectNats(config, { name: 'events-test' });
  return {
    nc,
    prefix,
    url: config.servers.join(','),
    async cleanup() {
      const jsm = await jetstreamManager(nc);
      for await (const name of jsm.streams.names()) {
        if (name.startsWith(`${prefix}_`) || name.startsWith(`KV_${prefix}_`)) await jsm.streams.delete(name);
      }
      await nc.close();
    },
  };
}

/** Polls `fn` until it returns a truthy value (bounded). */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
