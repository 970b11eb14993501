import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  connectNats,
  createEvent,
  decodeEventOf,
  publishEvent,
  subjects,
  topologyNames,
} from '@tributary/events';
import { countGraph, createGraphDriver, graphConfigFromEnv, graphLabels } from '@tributary/graph';
import type { GraphLabels } from '@tributary/graph';
import { runGraphWorker } from '@tributary/graph-writer';
import { createLogger } from '@tributary/log';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import type { Driver } from 'neo4j-driver';
import { eventually, itemData, publishItems } from '../../graph-writer/test/fixtures.ts';
import { runEnrichWorker } from '../src/index.ts';

describe('ITEMS → worker enrich → ENRICHED → worker graph → MENTIONS (real NATS + Neo4j)', () => {
  let env: StackEnv;
  let nc: NatsConnection;
  let driver: Driver;
  let labels: GraphLabels;
  let database: string;
  const stop = new AbortController();
  const workers: Promise<unknown>[] = [];
  const log = createLogger('enricher-test');

  const enrichedCount = async () => {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(topologyNames(env.natsPrefix).streams.ENRICHED)).state.messages;
  };
  const mentions = async (itemId: string) => {
    const { records } = await driver.executeQuery(
      `MATCH (:\`${labels.Item}\` {id: $itemId})-[m:MENTIONS]->(e:\`${labels.Entity}\`)
       RETURN e.id AS id, m.count AS count ORDER BY id`,
      { itemId },
      { database },
    );
    return records.map((r) => [r.get('id') as string, r.get('count') as number]);
  };

  before(async () => {
    env = await useStack({ servers: ['nats', 'neo4j'] });
    const cfg = graphConfigFromEnv();
    database = cfg.database;
    labels = graphLabels(env.neo4jLabelPrefix);
    driver = createGraphDriver(cfg);
    nc = await connectNats({ servers: [env.NATS_URL], prefix: env.natsPrefix });
    const common = { nc, natsPrefix: env.natsPrefix, signal: stop.signal, logger: log };
    await new Promise<void>((ready) =>
      workers.push(runEnrichWorker({ ...common, batchSize: 50, onReady: ready })),
    );
    await new Promise<void>((ready) =>
      workers.push(
        runGraphWorker({
          ...common,
          driver,
          database,
          labels,
          batchSize: 200,
          concurrency: 1,
          onReady: ready,
        }),
      ),
    );
  });

  after(async () => {
    stop.abort();
    await Promise.allSettled(workers);
    await nc?.drain();
    await driver?.close();
    await env?.cleanup();
  });

  test('entities from title + summary become MENTIONS; enrichEntities=false yields none', async () => {
    const on = itemData('p1', 'merkel', {
      title: 'Angela Merkel visits Berlin',
      summary: '<p>Angela Merkel met <b>Tim Cook</b> in Berlin on Tuesday.</p>',
    });
    const off = itemData('p2', 'quiet', { title: 'Angela Merkel visits Paris' }, false);
    const filler = Array.from({ length: 100 }, (_, i) =>
      itemData('p1', `f${i}`, { title: `Tim Cook talks in Paris, part ${i}` }),
    );
    await publishItems(nc, env.natsPrefix, [on, off, ...filler]);
    await eventually(enrichedCount, (n) => n === 102);
    const got = await eventually(
      () => mentions('p1:merkel'),
      (m) => m.length >= 3,
    );
    assert.deepEqual(got, [
      ['person:angela merkel', 2],
      ['person:tim cook', 1],
      ['place:berlin', 2],
    ]);
    await eventually(
      () => countGraph(driver, database, labels),
      // 100 fillers × (Tim Cook, Paris) + the 3 entities of the first item.
      (c) => c.items === 102 && c.mentions === 203,
    );
    assert.deepEqual(await mentions('p2:quiet'), []);
  });

  test('re-ingesting the same items publishes no new ENRICHED events', async () => {
    const before = await enrichedCount();
    // Bypass the ITEMS dedup (new msgIds) to force the enricher to see the items again.
    const again = itemData('p1', 'merkel', {
      title: 'Angela Merkel visits Berlin',
      summary: '<p>Angela Merkel met <b>Tim Cook</b> in Berlin on Tuesday.</p>',
    });
    await publishEvent(
      jetstream(nc),
      subjects(env.natsPrefix).itemUpserted('p1'),
      createEvent('item.upserted', again),
    );
    // A marker item behind it proves the enricher got past the duplicate.
    await publishItems(nc, env.natsPrefix, [itemData('p1', 'marker', { title: 'Marker from Rome' })]);
    await eventually(enrichedCount, (n) => n === before + 1);
    const jsm = await jetstreamManager(nc);
    const last = await jsm.streams.getMessage(topologyNames(env.natsPrefix).streams.ENRICHED, {
      last_by_subj: subjects(env.natsPrefix).itemEnriched('p1'),
    });
    assert.equal(decodeEventOf('item.enriched', last!.data).data.itemKey, 'marker');
  });
});
