import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectNats, createEvent, publishEvent, subjects } from '@tributary/events';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  countGraph,
  createGraphDriver,
  graphConfigFromEnv,
  graphLabels,
  listGraphSchema,
} from '@tributary/graph';
import type { GraphCounts, GraphLabels } from '@tributary/graph';
import { createLogger } from '@tributary/log';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import type { Driver } from 'neo4j-driver';
import { runGraphWorker } from '../src/index.ts';
import { eventually, itemData, publishItems } from './fixtures.ts';

describe('tributary worker graph (real NATS + Neo4j)', () => {
  let env: StackEnv;
  let nc: NatsConnection;
  let driver: Driver;
  let labels: GraphLabels;
  let database: string;
  const stop = new AbortController();
  let worker: Promise<unknown>;
  const counts = () => countGraph(driver, database, labels);
  const until = (ok: (c: GraphCounts) => boolean) => eventually(counts, ok);

  before(async () => {
    env = await useStack({ servers: ['nats', 'neo4j'] });
    const cfg = graphConfigFromEnv();
    database = cfg.database;
    labels = graphLabels(env.neo4jLabelPrefix);
    driver = createGraphDriver(cfg);
    nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    worker = runGraphWorker({
      nc,
      natsPrefix: env.natsPrefix,
      driver,
      database,
      labels,
      batchSize: 200,
      concurrency: 2,
      signal: stop.signal,
      logger: createLogger('graph-writer-test'),
      onReady: ready,
    });
    await started;
  });

  after(async () => {
    stop.abort();
    await worker?.catch(() => undefined);
    await nc?.drain();
    await driver?.close();
    await env?.cleanup();
  });

  test('creates its constraints at start', async () => {
    const { constraints } = await listGraphSchema(driver, database, labels);
    assert.ok(constraints.length >= 5, constraints.join(','));
  });

  test('projects items exactly once, ignores redelivered duplicates, applies a change once', async () => {
    const items = Array.from({ length: 300 }, (_, i) =>
      itemData('g1', `k${i}`, {
        categories: [`t${i % 7}`],
        authors: [{ name: `A${i % 11}`, email: '', uri: '' }],
      }),
    );
    assert.equal(await publishItems(nc, env.natsPrefix, items), 300);
    const c = await until((x) => x.items === 300 && x.tagged === 300);
    assert.equal(c.feeds, 1);
    assert.equal(c.published, 300);
    assert.equal(c.authors, 11);
    assert.equal(c.tags, 7);
    // The same items again (an ingest re-run after the dedup window, say): nothing changes.
    const js = jetstream(nc);
    for (const d of items.slice(0, 20)) {
      await publishEvent(js, subjects(env.natsPrefix).itemUpserted('g1'), createEvent('item.upserted', d));
    }
    const changed = itemData('g1', 'k0', { title: 'changed', categories: ['fresh'] });
    await publishItems(nc, env.natsPrefix, [changed]);
    await until((x) => x.tags === 8);
    const after = await counts();
    assert.equal(after.items, 300);
    assert.equal(after.tagged, 300);
    const { records } = await driver.executeQuery(
      `MATCH (i:\`${labels.Item}\` {id: 'g1:k0'})-[:TAGGED]->(t) RETURN i.title AS title, collect(t.name) AS tags`,
      {},
      { database },
    );
    assert.equal(records[0]?.get('title'), 'changed');
    assert.deepEqual(records[0]?.get('tags'), ['fresh']);
  });

  test('feed.deleted purges the feed subgraph', async () => {
    await publishItems(nc, env.natsPrefix, [
      itemData('g2', 'a', { categories: ['only-g2'] }),
      itemData('g2', 'b'),
    ]);
    await until((x) => x.items === 302);
    await publishEvent(
      jetstream(nc),
      subjects(env.natsPrefix).feedDeleted('g2'),
      createEvent('feed.deleted', { feed: { uid: 'g2', namespace: 'default', name: 'feed-g2' } }),
    );
    const c = await until((x) => x.items === 300);
    assert.equal(c.feeds, 1);
    assert.equal(c.tags, 8, 'only-g2 tag is gone, shared tags stay');
  });
});
