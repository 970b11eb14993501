// The local NATS server is real and has JetStream: a stream deduplicates a repeated Nats-Msg-Id and
// delivers to a durable pull consumer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';

let env: StackEnv;
let nc: NatsConnection;
before(async () => {
  env = await useStack({ servers: ['nats'] });
  nc = await connect({ servers: env.NATS_URL });
});
after(async () => {
  await nc?.close();
  await env.cleanup();
});

test('the server is 2.10+ with JetStream enabled', async () => {
  const [major, minor] = nc.info!.version.split('.').map(Number);
  assert.ok(major! > 2 || (major === 2 && minor! >= 10), nc.info!.version);
  const jsm = await jetstreamManager(nc);
  const info = await jsm.getAccountInfo();
  assert.ok(info.limits !== undefined);
});

test('JetStream dedups a repeated msgID and delivers to a durable consumer', async () => {
  const jsm = await jetstreamManager(nc);
  const stream = env.natsName('ITEMS');
  const subject = env.natsSubject('tributary.items.upserted');
  await jsm.streams.add({ name: stream, subjects: [`${subject}.>`], duplicate_window: 60_000_000_000 });
  await jsm.consumers.add(stream, { durable_name: 'store', ack_policy: AckPolicy.Explicit });

  const js = jetstream(nc);
  const first = await js.publish(`${subject}.feed1`, 'item-a', { msgID: 'feed1:a:hash1' });
  const again = await js.publish(`${subject}.feed1`, 'item-a', { msgID: 'feed1:a:hash1' });
  const second = await js.publish(`${subject}.feed1`, 'item-b', { msgID: 'feed1:b:hash1' });
  assert.equal(first.duplicate, false);
  assert.equal(again.duplicate, true);
  assert.equal(again.seq, first.seq);
  assert.equal(second.seq, first.seq + 1);
  assert.equal((await jsm.streams.info(stream)).state.messages, 2);

  const consumer = await js.consumers.get(stream, 'store');
  const got: string[] = [];
  const messages = await consumer.consume({ max_messages: 10 });
  for await (const m of messages) {
    got.push(m.string());
    m.ack();
    if (got.length === 2) break;
  }
  assert.deepEqual(got, ['item-a', 'item-b']);
  // Acks are durable: the consumer has nothing pending afterwards.
  const ci = await jsm.consumers.info(stream, 'store');
  assert.equal(ci.num_pending, 0);
});
