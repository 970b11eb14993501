import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, AckPolicy } from '@nats-io/jetstream';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Registry } from 'prom-client';
import {
  createEvent,
  ensureTopology,
  publishEvent,
  runConsumer,
  subjects,
  captureMaxDeliveries,
  PoisonMessageError,
  DLQ_HEADERS,
} from '../src/index.ts';
import type { ConsumedEvent, RunConsumerOptions } from '../src/index.ts';
import { sampleItemUpserted } from '../src/testing.ts';
import { eventually, natsForTest } from './helpers.ts';

let t: Awaited<ReturnType<typeof natsForTest>>;
let nc: NatsConnection;
let js: JetStreamClient;
before(async () => {
  t = await natsForTest();
  nc = t.nc;
  js = jetstream(nc);
  await ensureTopology(nc, { prefix: t.prefix });
});
after(() => t.cleanup());

/** Publishes n items on their own feed uid; returns the event ids. */
async function publishItems(
  feedUid: string,
  n: number,
  mark: (i: number) => string = (i) => `item ${i}`,
): Promise<string[]> {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const e = createEvent('item.upserted', sampleItemUpserted({ key: `k${i}`, title: mark(i) }, feedUid));
      ids.push(e.eventId);
      await publishEvent(js, subjects(t.prefix).itemUpserted(feedUid), e);
    }),
  );
  return ids;
}

/** A runner on this suite's ITEMS for one feed's subject; abort `ac` to stop it. */
function startRunner(
  durable: string,
  feed: string,
  handler: RunConsumerOptions['handler'],
  extra: Partial<RunConsumerOptions> = {},
) {
  const ac = new AbortController();
  const registry = new Registry();
  const run = runConsumer({
    nc,
    prefix: t.prefix,
    stream: 'ITEMS',
    durable,
    filterSubjects: [subjects(t.prefix).itemUpserted(feed)],
    signal: ac.signal,
    registry,
    handler,
    ...extra,
  });
  return { ac, registry, run };
}

async function dlqMessages(durable: string) {
  const jsm = await jetstreamManager(nc);
  const stream = `${t.prefix}_DLQ`;
  const info = await jsm.streams.info(stream, { subjects_filter: '>' });
  const out = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m && m.subject === subjects(t.prefix).deadLetter(`${t.prefix}_ITEMS`, durable)) out.push(m);
  }
  return out;
}

test('a batch killed mid-write is redelivered; every message is committed exactly once', async () => {
  const feed = 'crash';
  const durable = 'crash-test';
  const ids = await publishItems(feed, 50);
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./fixtures/crashy-consumer.ts', import.meta.url)), t.prefix, durable, '3'],
    {
      env: { ...process.env, TRIBUTARY_NATS_PREFIX: t.prefix, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const committed: string[] = [];
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await eventually(() => out.includes('started 3'), 60_000, 'child to start its third batch');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  for (const line of out.split('\n')) if (line.startsWith('commit ')) committed.push(line.slice(7));
  assert.equal(committed.length, 20, 'two batches of 10 were committed before the kill');

  const ac = new AbortController();
  const seen: ConsumedEvent[] = [];
  const run = runConsumer({
    nc,
    prefix: t.prefix,
    stream: 'ITEMS',
    durable,
    ackWaitMs: 1_000,
    signal: ac.signal,
    registry: new Registry(),
    handler: async (batch) => {
      seen.push(...batch.filter((b) => b.subject.endsWith(`.${feed}`)));
    },
  });
  await eventually(() => seen.length >= 30, 60_000, 'the rest to be redelivered');
  ac.abort();
  const stats = await run;
  const all = [...committed, ...seen.map((s) => s.event.eventId)];
  assert.equal(new Set(all).size, all.length, 'no message committed twice');
  assert.deepEqual(new Set(all), new Set(ids));
  assert.ok(
    seen.some((s) => s.deliveryCount > 1),
    'the killed batch came back as a redelivery',
  );
  assert.equal(stats.acked, 30);
});

test('poison messages go to the DLQ with their reason; the consumer keeps going', async () => {
  const feed = 'poison';
  const durable = 'poison-test';
  await publishItems(feed, 20, (i) => (i === 7 ? 'POISON' : `item ${i}`));
  await js.publish(subjects(t.prefix).itemUpserted(feed), new TextEncoder().encode('{not json'));
  const ok: string[] = [];
  const { ac, registry, run } = startRunner(
    durable,
    feed,
    async (batch) => {
      // All-or-nothing like a transaction: one bad row fails the batch; the runner isolates it.
      if (batch.some((b) => b.event.type === 'item.upserted' && b.event.data.item.title === 'POISON')) {
        throw new PoisonMessageError('title is POISON');
      }
      ok.push(...batch.map((b) => b.event.eventId));
    },
    { batchSize: 8 },
  );
  await eventually(() => ok.length === 19, 15_000, '19 good messages');
  const dead = await eventually(async () => {
    const d = await dlqMessages(durable);
    return d.length === 2 ? d : null;
  });
  ac.abort();
  const stats = await run;
  assert.equal(stats.deadLettered, 2);
  const reasons = dead.map((d) => d.header.get(DLQ_HEADERS.reason)).sort();
  assert.match(reasons[0]!, /^poison: title is POISON/);
  assert.match(reasons[1]!, /^undecodable:/);
  for (const d of dead) {
    assert.equal(d.header.get(DLQ_HEADERS.subject), subjects(t.prefix).itemUpserted(feed));
    assert.ok(Number(d.header.get(DLQ_HEADERS.streamSequence)) > 0);
    assert.equal(d.header.get(DLQ_HEADERS.deliveries), '1');
  }
  const metrics = await registry.getSingleMetricAsString('tributary_consumer_messages_dead_lettered_total');
  assert.match(metrics, /source="runner"} 2/);
});

test('transient failures are retried with a delay, then succeed without dead letters', async () => {
  const feed = 'transient';
  await publishItems(feed, 5);
  let calls = 0;
  const ok = new Set<string>();
  const { ac, run } = startRunner(
    'transient-test',
    feed,
    async (batch) => {
      if (++calls <= 2) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
      for (const b of batch) ok.add(b.event.eventId);
    },
    { nakDelaysMs: [200] },
  );
  await eventually(() => ok.size === 5);
  ac.abort();
  const stats = await run;
  assert.equal(stats.deadLettered, 0);
  assert.ok(stats.naked >= 5);
});

test('a deleted consumer is re-created and consumption resumes', async () => {
  const feed = 'restart';
  const durable = 'restart-test';
  const ok = new Set<string>();
  const { ac, run } = startRunner(durable, feed, async (batch) => {
    for (const b of batch) ok.add(b.event.eventId);
  });
  await publishItems(feed, 3);
  await eventually(() => ok.size === 3);
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.delete(`${t.prefix}_ITEMS`, durable);
  await publishItems(feed, 3);
  await eventually(() => ok.size === 6, 20_000, 'messages after the consumer was deleted');
  ac.abort();
  const stats = await run;
  assert.ok(stats.restarts >= 1);
});

test('max-deliveries advisories are captured into the DLQ with the original message', async () => {
  const feed = 'advisory';
  const durable = 'advisory-test';
  const stream = `${t.prefix}_ITEMS`;
  const [eventId] = await publishItems(feed, 1);
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: 500_000_000,
    max_deliver: 2,
    filter_subject: subjects(t.prefix).itemUpserted(feed),
  });
  const capture = captureMaxDeliveries(nc, jsm, {
    stream,
    consumer: durable,
    dlqSubject: subjects(t.prefix).deadLetter(stream, durable),
  });
  await nc.flush();
  const consumer = await js.consumers.get(stream, durable);
  // A worker that never acks (it "crashes" on every delivery): two deliveries, then the advisory.
  for (let i = 0; i < 2; i++) assert.ok(await consumer.next({ expires: 5_000 }));
  // The server notices the exhaustion when it next looks for something to deliver.
  assert.equal(await consumer.next({ expires: 1_500 }), null);
  const dead = await eventually(async () => {
    const d = await dlqMessages(durable);
    return d.length === 1 ? d[0] : null;
  });
  capture.stop();
  assert.equal(dead.header.get(DLQ_HEADERS.source), 'advisory');
  assert.match(dead.header.get(DLQ_HEADERS.reason), /max deliveries \(2\)/);
  assert.equal(dead.json<{ eventId: string }>().eventId, eventId);
  // The raw advisory is kept in the DLQ stream too.
  const info = await jsm.streams.info(`${t.prefix}_DLQ`, { subjects_filter: '$JS.EVENT.>' });
  assert.equal(Object.keys(info.state.subjects ?? {}).length, 1);
});
