// Fault: Neo4j is down for longer than the consumers' max_deliver × (ack wait + nak delay) while
// items keep arriving. Nothing may be dead-lettered; when it is back every item is in the graph
// exactly once, with no command typed. Uses a Neo4j server of its own (the shared one is never
// stopped); NATS comes from the shared stack.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Registry } from 'prom-client';
import { connectNats, ensureTopology, topologyNames } from '@tributary/events';
import { countGraph, createGraphDriver, graphConfigFromEnv, graphLabels } from '@tributary/graph';
import type { GraphLabels } from '@tributary/graph';
import { createLogger } from '@tributary/log';
import { useStack, waitFor } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import type { Driver } from 'neo4j-driver';
import { GRAPH_DURABLES, runGraphWorker } from '../src/index.ts';
import { itemData, publishItems } from './fixtures.ts';
import { privateNeo4j } from './private-neo4j.ts';
import type { PrivateNeo4j } from './private-neo4j.ts';

const N = 300;
const CONSUMER = { maxDeliver: 3, ackWaitMs: 2_000, nakDelaysMs: [250] };
const OUTAGE_MS = 3 * CONSUMER.maxDeliver * (CONSUMER.ackWaitMs + 250); // ≈ 20 s

let env: StackEnv;
let server: PrivateNeo4j;
let driver: Driver;
let nc: NatsConnection;
let jsm: JetStreamManager;
let labels: GraphLabels;
const database = 'neo4j';
const registry = new Registry();
const ac = new AbortController();
let worker: Promise<unknown> | undefined;

before(async () => {
  env = await useStack({ servers: ['nats', 'neo4j'] });
  server = await privateNeo4j(env.config.tools.neo4jLauncher);
  await server.start();
  labels = graphLabels(env.neo4jLabelPrefix);
  driver = createGraphDriver({ ...graphConfigFromEnv(), url: server.url });
  nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
  jsm = await jetstreamManager(nc);
  await ensureTopology(nc, { prefix: env.natsPrefix });
});

after(async () => {
  ac.abort();
  await worker?.catch(() => undefined);
  await nc?.close();
  await driver?.close();
  await server?.destroy();
  await env?.cleanup();
});

const items = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => itemData('outage', `k${from + i}`, {}, false));

async function dlqCount(): Promise<number> {
  return (await jsm.streams.info(topologyNames(env.natsPrefix).streams.DLQ)).state.messages;
}

const gauge = async (name: string, labelValues: Record<string, string>) =>
  (await registry.getSingleMetric(name)?.get())?.values.find((v) =>
    Object.entries(labelValues).every(([k, x]) => v.labels[k] === x),
  )?.value;

test('a Neo4j outage longer than max_deliver × backoff dead-letters nothing and heals by itself', async () => {
  worker = runGraphWorker({
    nc,
    natsPrefix: env.natsPrefix,
    driver,
    database,
    labels,
    batchSize: 25,
    concurrency: 2,
    signal: ac.signal,
    registry,
    logger: createLogger('graph-writer-outage-test'),
    consumer: CONSUMER,
    probeDelaysMs: [200, 500, 1_000],
  });
  const graphItems = async () => (await countGraph(driver, database, labels)).items;
  await publishItems(nc, env.natsPrefix, items(0, N / 3));
  await waitFor('the first third in the graph', async () => (await graphItems()) === N / 3, 60_000);

  await server.stop();
  const down = Date.now();
  await publishItems(nc, env.natsPrefix, items(N / 3, N));
  await waitFor(
    'the worker to pause for the outage',
    async () => (await gauge('tributary_dependency_up', { dependency: 'neo4j' })) === 0,
    60_000,
  );
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - down))));
  const outageMs = Date.now() - down;

  await server.start();
  const up = Date.now();
  await waitFor(
    `all ${N} items in the graph after the outage`,
    async () => (await graphItems()) === N,
    120_000,
    async () => `items: ${await graphItems().catch(() => -1)}, dlq: ${await dlqCount()}`,
  );
  const healMs = Date.now() - up;
  await waitFor(
    'ITEMS drained',
    async () => {
      const ci = await jsm.consumers.info(topologyNames(env.natsPrefix).streams.ITEMS, GRAPH_DURABLES.items);
      return ci.num_pending === 0 && ci.num_ack_pending === 0;
    },
    30_000,
  );
  console.error(
    `# neo4j outage ${outageMs} ms (max_deliver ${CONSUMER.maxDeliver}, ack wait ${CONSUMER.ackWaitMs} ms); healed ${healMs} ms after the server answered again`,
  );
  assert.equal(await graphItems(), N);
  assert.equal(await dlqCount(), 0, 'nothing dead-lettered');
  assert.equal(await gauge('tributary_dependency_up', { dependency: 'neo4j' }), 1);
});
