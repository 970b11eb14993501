import type { NatsConnection } from '@nats-io/nats-core';
import { useStack } from '@tributary/testkit';
import { connectNats, natsConfigFromEnv } from '../src/index.ts';

/** This suite's NATS (the shared stack's) with an isolated prefix; `cleanup` removes its streams. */
export async function natsForTest(): Promise<{
  nc: NatsConnection;
  prefix: string;
  cleanup(): Promise<void>;
}> {
  const env = await useStack({ servers: ['nats'] });
  const nc = await connectNats(natsConfigFromEnv(), { name: 'events-test' });
  return {
    nc,
    prefix: env.natsPrefix,
    async cleanup() {
      await nc.close();
      await env.cleanup();
    },
  };
}

/** Polls `fn` until it returns a truthy value (bounded). */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  timeoutMs = 30_000,
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
