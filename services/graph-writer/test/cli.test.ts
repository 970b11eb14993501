import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from '@tributary/events';
import { countGraph, createGraphDriver, graphConfigFromEnv, graphLabels } from '@tributary/graph';
import type { GraphLabels } from '@tributary/graph';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import type { Driver } from 'neo4j-driver';
import { eventually, itemData, probe, publishItems, spawnWorker } from './fixtures.ts';
import type { WorkerProcess } from './fixtures.ts';

let env: StackEnv;
let nc: NatsConnection;
let driver: Driver;
let labels: GraphLabels;
const children: WorkerProcess[] = [];
const counts = () => countGraph(driver, graphConfigFromEnv().database, labels);

before(async () => {
  env = await useStack({ servers: ['nats', 'neo4j'] });
  nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
  driver = createGraphDriver(graphConfigFromEnv());
  labels = graphLabels(env.neo4jLabelPrefix);
});

after(async () => {
  for (const w of children) w.child.kill('SIGKILL');
  await nc?.drain();
  await driver?.close();
  await env?.cleanup();
});

test('`tributary worker graph` serves probes, projects items and exits 0 on SIGTERM', async () => {
  const w = await spawnWorker('graph', env, labels.prefix);
  children.push(w);
  await w.ready();
  assert.equal(await probe(w.port, '/healthz'), 200);
  await publishItems(nc, env.natsPrefix, [itemData('c1', 'a'), itemData('c1', 'b')]);
  await eventually(counts, (c) => c.items === 2 && c.published === 2);
  const metrics = await (await fetch(`http://127.0.0.1:${w.port}/metrics`)).text();
  assert.match(
    metrics,
    /tributary_consumer_messages_acked_total\{[^}]*consumer="graph-writer-items"[^}]*\} 2/,
  );
  w.child.kill('SIGTERM');
  assert.equal(await w.exited, 0);
});

test('kill -9 mid-stream, restart: every item exactly once', async () => {
  const items = Array.from({ length: 3000 }, (_, i) =>
    itemData('c2', `k${i}`, {
      categories: [`t${i % 9}`],
      authors: [{ name: `W${i % 13}`, email: '', uri: '' }],
    }),
  );
  const first = await spawnWorker('graph', env, labels.prefix);
  children.push(first);
  await first.ready();
  await publishItems(nc, env.natsPrefix, items);
  // Kill while batches are in flight: some committed, some not, none acked after the kill.
  await eventually(counts, (c) => c.items > 2 + 500, 120_000);
  first.child.kill('SIGKILL');
  await first.exited;
  const second = await spawnWorker('graph', env, labels.prefix);
  children.push(second);
  // Unacked messages come back after ack_wait (the runner's first redelivery backoff).
  const c = await eventually(counts, (x) => x.items === 3002, 300_000);
  assert.equal(c.published, 3002);
  assert.equal(c.writtenBy, 3002);
  assert.equal(c.tagged, 3002);
  assert.equal(c.authors, 1 + 13);
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0);
});
