/**
 * Deterministic test data written the way production writes it: item.upserted events through the
 * store worker's writer (Postgres) and the graph writer (Neo4j). Used by the integration tests and
 * by bench/api.bench.ts (100k items).
 */
import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { createEvent } from '@tributary/events';
import type { ConsumedEvent, ItemUpsertedData } from '@tributary/events';
import { createOrm } from '@tributary/db';
import { inTransaction, writeItems } from '@tributary/store-writer';
import { GraphWriter, ensureGraphSchema, feedRow, itemRow, mentionRow } from '@tributary/graph';
import type { EntityType, GraphLabels } from '@tributary/graph';

export interface FixtureFeed {
  uid: string;
  namespace: string;
  name: string;
  url: string;
  tags: string[];
}

type Item = ItemUpsertedData['item'];

const ADJ = ['quiet', 'rapid', 'golden', 'hidden', 'silver', 'bright', 'early', 'distant'];
const NOUN = ['river', 'market', 'engine', 'garden', 'signal', 'harbor', 'archive', 'forest'];
const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra'];
const CATS = ['science', 'economy', 'culture', 'sports'];
export const BASE_TIME = Date.parse('2026-01-01T00:00:00Z');

/** Item `i` of a feed: every 10th mentions "kubernetes"; languages alternate en/de. */
export function makeItem(feed: FixtureFeed, i: number): Item {
  const title = `${ADJ[i % ADJ.length]} ${NOUN[(i >> 3) % NOUN.length]} report ${i}${i % 10 === 0 ? ' kubernetes' : ''}`;
  const content = `<p>Body of ${title}. ${NOUN[i % NOUN.length]} and ${ADJ[(i >> 2) % ADJ.length]} notes.</p>`;
  const link = `${feed.url.replace(/\/[^/]*$/, '')}/posts/${i}`;
  const author = AUTHORS[i % AUTHORS.length] ?? 'Anon';
  return {
    key: link,
    guid: link,
    link,
    title,
    summary: `<p>Summary ${i}</p>`,
    content,
    published: new Date(BASE_TIME + i * 60_000).toISOString(),
    updated: null,
    authors: [{ name: author, email: '', uri: '' }],
    categories: [CATS[i % CATS.length] ?? 'misc'],
    enclosures: [],
    contentHash: createHash('sha256')
      .update(title + content + link)
      .digest('hex'),
    language: i % 2 === 0 ? 'en' : 'de',
  };
}

export function upsertEvent(feed: FixtureFeed, item: Item, seq: number): ConsumedEvent {
  const data: ItemUpsertedData = { feed: { ...feed, enrichEntities: true }, item };
  return {
    event: createEvent('item.upserted', data),
    subject: `tributary.items.upserted.${feed.uid}`,
    streamSequence: seq,
    deliveryCount: 1,
    traceparent: null,
  };
}

/** Writes items into Postgres through the store worker's writer, `batch` events per transaction. */
export async function loadStore(databaseUrl: string, events: ConsumedEvent[], batch = 500): Promise<void> {
  const orm = await createOrm(databaseUrl, { poolMax: 2 });
  try {
    for (let i = 0; i < events.length; i += batch) {
      const slice = events.slice(i, i + batch);
      await inTransaction(orm, (sql) => writeItems(sql, slice));
    }
  } finally {
    await orm.close();
  }
}

export interface Mention {
  feedUid: string;
  itemKey: string;
  entities: { name: string; type: EntityType; count: number }[];
}

/** Writes items and entity mentions into Neo4j through the graph writer. */
export async function loadGraph(
  driver: Driver,
  database: string,
  labels: GraphLabels,
  events: ConsumedEvent[],
  mentions: Mention[],
): Promise<void> {
  await ensureGraphSchema(driver, database, labels);
  const writer = new GraphWriter(driver, database, labels);
  const at = new Date().toISOString();
  const inputs = events.map((e) => e.event.data as ItemUpsertedData);
  await writer.upsertItems(
    [...new Map(inputs.map((x) => [x.feed.uid, feedRow(x)])).values()],
    inputs.map((x) => itemRow(x, at)),
  );
  await writer.setMentions(mentions.map((m) => mentionRow(m, at)));
}
