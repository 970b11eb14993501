// workersHealth against real NATS: a consumer never created is `missing`, one with a worker pulling
// is `ok` with its lag, and one whose worker went away is `unattached`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Registry } from 'prom-client';
import { useStack, waitFor } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import {
  connectNats,
  createEvent,
  DURABLES,
  ensureTopology,
  publishEvent,
  runConsumer,
  subjects,
  workersHealth,
} from '../src/index.ts';
import type { ConsumerHealth } from '../src/index.ts';
import { sampleItemUpserted } from '../src/testing.ts';

let env: StackEnv;
let nc: NatsConnection;

before(async () => {
  env = await useStack({ servers: ['nats'] });
  nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
  await ensureTopology(nc, { prefix: env.natsPrefix });
});
after(async () => {
  await nc?.close();
  await env?.cleanup();
});

test('consumers are missing, then ok with their lag while a worker pulls, then unattached when it is gone', async () => {
  const jsm = await jetstreamManager(nc);
  const store = (cs: ConsumerHealth[]) =>
    cs.find((c) => c.stream === 'ITEMS' && c.consumer === DURABLES.store)!;

  const before = await workersHealth(jsm, env.natsPrefix);
  assert.equal(before.status, 'degraded');
  assert.equal(before.consumers.length, 6);
  assert.ok(before.consumers.every((c) => c.status === 'missing' && !c.attached));
  assert.equal((await workersHealth(jsm, env.natsPrefix, ['store'])).consumers.length, 2);

  // A worker of its own connection, so that closing it is the worker dying.
  const workerNc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
  const ac = new AbortController();
  let release!: () => void;
  const blocked = new Promise<void>((r) => (release = r));
  const run = runConsumer({
    nc: workerNc,
    prefix: env.natsPrefix,
    stream: 'ITEMS',
    durable: DURABLES.store,
    batchSize: 5,
    concurrency: 1,
    registry: new Registry(),
    signal: ac.signal,
    handler: async () => blocked, // holds its first batch: ack pending stays visible
  });
  const js = jetstream(nc);
  for (let i = 0; i < 12; i++)
    await publishEvent(
      js,
      subjects(env.natsPrefix).itemUpserted('f'),
      createEvent('item.upserted', sampleItemUpserted({ key: `k${i}` }, 'f')),
    );

  const ok = await waitFor(
    'the store consumer attached with its lag',
    async () => {
      const c = store((await workersHealth(jsm, env.natsPrefix, ['store'])).consumers);
      return c.status === 'ok' && c.ackPending > 0 && c.lag === 12 ? c : null;
    },
    30_000,
  );
  assert.equal(ok.pending + ok.ackPending, 12);
  assert.ok(ok.lastActive);

  release();
  ac.abort();
  await run;
  await workerNc.close();
  const gone = await waitFor(
    'the store consumer unattached after its worker left',
    async () => {
      const c = store((await workersHealth(jsm, env.natsPrefix, ['store'])).consumers);
      return c.status === 'unattached' ? c : null;
    },
    90_000,
    undefined,
    1_000,
  );
  assert.equal(gone.attached, false);
  assert.equal(gone.waiting, 0);
});
