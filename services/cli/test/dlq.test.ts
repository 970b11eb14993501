// `tributary dlq list|show|redrive` against real NATS: poison messages land in the DLQ, list counts
// them per stream/consumer, show prints the original error, redrive sends them back to the original
// subject with a fresh delivery count and empties the DLQ.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Registry } from 'prom-client';
import {
  connectNats,
  createEvent,
  DLQ_HEADERS,
  ensureTopology,
  PoisonMessageError,
  publishEvent,
  runConsumer,
  subjects,
  topologyNames,
} from '@tributary/events';
import type { DlqGroup, DlqMessage, RedriveResult } from '@tributary/events';
import { sampleItemUpserted } from '@tributary/events/testing';
import { useStack, waitFor } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { main } from '../src/main.ts';

let env: StackEnv;
let nc: NatsConnection;
const ac = new AbortController();
let consumer: Promise<unknown> | undefined;
const bad = new Set(['guid:2', 'guid:4']);
const delivered = new Map<string, number[]>();

before(async () => {
  env = await useStack({ servers: ['nats'] });
  process.env.TRIBUTARY_NATS_PREFIX = env.natsPrefix;
  nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
  await ensureTopology(nc, { prefix: env.natsPrefix });
  consumer = runConsumer({
    nc,
    prefix: env.natsPrefix,
    stream: 'ITEMS',
    durable: 'dlq-test',
    registry: new Registry(),
    signal: ac.signal,
    handler: async (batch) => {
      const rejected = [];
      for (const [index, e] of batch.entries()) {
        if (e.event.type !== 'item.upserted') continue;
        const key = e.event.data.item.key;
        delivered.set(key, [...(delivered.get(key) ?? []), e.deliveryCount]);
        if (bad.has(key)) rejected.push({ index, error: new PoisonMessageError(`bad key ${key}`) });
      }
      return { rejected };
    },
  });
});

after(async () => {
  ac.abort();
  await consumer;
  await nc?.close();
  await env?.cleanup();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.map(String).join(' '));
  try {
    const code = await main(['dlq', ...argv]);
    return { code, out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

test('dlq list counts dead letters per stream/consumer, show prints the error, redrive sends them back fresh', async () => {
  const js = jetstream(nc);
  for (let i = 1; i <= 5; i++) {
    const d = sampleItemUpserted({ key: `guid:${i}`, guid: String(i) }, 'dlq-feed');
    await publishEvent(
      js,
      subjects(env.natsPrefix).itemUpserted('dlq-feed'),
      createEvent('item.upserted', d),
    );
  }
  const jsm = await jetstreamManager(nc);
  const dlqName = topologyNames(env.natsPrefix).streams.DLQ;
  await waitFor('2 dead letters', async () => (await jsm.streams.info(dlqName)).state.messages === 2, 30_000);

  const list = await cli('list', '--json');
  assert.equal(list.code, 0);
  const groups = JSON.parse(list.out) as DlqGroup[];
  assert.equal(groups.length, 1);
  assert.equal(groups[0]!.stream, topologyNames(env.natsPrefix).streams.ITEMS);
  assert.equal(groups[0]!.consumer, 'dlq-test');
  assert.equal(groups[0]!.deadLetters, 2);
  assert.deepEqual(Object.values(groups[0]!.reasons), [1, 1]);
  assert.match((await cli('list')).out, /dlq-test\s+2\s+0/);

  const first = (await jsm.streams.info(dlqName)).state.first_seq;
  const show = await cli('show', String(first), '--json');
  assert.equal(show.code, 0);
  const m = JSON.parse(show.out) as DlqMessage;
  assert.equal(m.kind, 'dead-letter');
  assert.match(m.reason!, /^poison: bad key guid:[24]$/);
  assert.equal(m.headers[DLQ_HEADERS.consumer]?.[0], 'dlq-test');
  assert.equal(m.subject, subjects(env.natsPrefix).itemUpserted('dlq-feed'));
  assert.match(m.body!, /"type":"item.upserted"/);
  assert.match((await cli('show', String(first))).out, /error: +poison: bad key/);
  assert.equal((await cli('show', '999999')).code, 1);

  const dry = JSON.parse((await cli('redrive', '--all', '--dry-run', '--json')).out) as RedriveResult;
  assert.equal(dry.redriven.length, 2);
  assert.equal((await jsm.streams.info(dlqName)).state.messages, 2, 'a dry run changes nothing');

  bad.clear(); // the bug is fixed: redriven messages now succeed
  const r = await cli('redrive', '--all', '--json');
  assert.equal(r.code, 0);
  assert.equal((JSON.parse(r.out) as RedriveResult).redriven.length, 2);
  assert.equal((await jsm.streams.info(dlqName)).state.messages, 0, 'removed from the DLQ');
  await waitFor('both redriven messages delivered again', async () =>
    ['guid:2', 'guid:4'].every((k) => (delivered.get(k) ?? []).length === 2),
  );
  for (const k of ['guid:2', 'guid:4'])
    assert.deepEqual(delivered.get(k), [1, 1], `${k}: the redriven copy's delivery count starts fresh`);
  assert.equal((delivered.get('guid:1') ?? []).length, 1, 'good messages are not redelivered');
  assert.equal((await jsm.streams.info(dlqName)).state.messages, 0, 'the redriven messages succeeded');
  assert.match((await cli('list')).out, /the DLQ is empty/);
  assert.equal((await cli('redrive', '42')).code, 1, 'a sequence that is not a dead letter is reported');
  assert.equal(await main(['dlq', 'bogus']), 2);
});
