import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clearGraph,
  countGraph,
  ensureGraphSchema,
  feedRow,
  itemRow,
  listGraphSchema,
  mentionRow,
} from '../src/index.ts';
import type { ItemUpsertInput } from '../src/index.ts';
import { graphTestEnv } from './graph-env.ts';
import type { GraphTestEnv } from './graph-env.ts';

const hash = (n: number) => n.toString(16).padStart(64, '0');
// Event times that only move forward, like occurredAt of successive events.
let clock = Date.parse('2026-01-01T00:00:00Z');
const at = () => new Date((clock += 1000)).toISOString();

function event(feedUid: string, key: string, over: Partial<ItemUpsertInput['item']> = {}): ItemUpsertInput {
  return {
    feed: {
      uid: feedUid,
      namespace: 'ns',
      name: `feed-${feedUid}`,
      url: `https://${feedUid}.test/feed`,
      tags: [],
    },
    item: {
      key,
      guid: key,
      link: `https://${feedUid}.test/${key}`,
      title: `title ${key}`,
      summary: '',
      content: '',
      published: '2026-01-01T00:00:00.000Z',
      updated: null,
      authors: [{ name: 'Ada', email: '', uri: '' }],
      categories: ['news'],
      contentHash: hash(1),
      language: 'en',
      ...over,
    },
  };
}

async function write(env: GraphTestEnv, events: ItemUpsertInput[]) {
  const t = at();
  return env.writer.upsertItems(
    events.map(feedRow),
    events.map((e) => itemRow(e, t)),
  );
}

async function rels(env: GraphTestEnv, itemId: string, type: string): Promise<string[]> {
  const L = env.labels;
  const { records } = await env.driver.executeQuery(
    `MATCH (:\`${L.Item}\` {id: $id})-[:${type}]->(n) RETURN coalesce(n.name, n.id, n.url) AS v ORDER BY v`,
    { id: itemId },
    { database: env.database },
  );
  return records.map((r) => r.get('v') as string);
}

describe('graph writer (real Neo4j)', () => {
  let env: GraphTestEnv;
  before(async () => {
    env = await graphTestEnv();
  });
  after(async () => {
    await env?.close();
  });

  test('constraints and indexes exist and ensureGraphSchema is idempotent', async () => {
    await ensureGraphSchema(env.driver, env.database, env.labels);
    const { constraints, indexes } = await listGraphSchema(env.driver, env.database, env.labels);
    const p = env.labels.prefix;
    for (const c of ['feed_uid', 'item_id', 'author_name', 'tag_name', 'entity_id'])
      assert.ok(constraints.includes(p + c), c);
    for (const i of ['item_link', 'item_feed_uid']) assert.ok(indexes.includes(p + i), i);
  });

  test('batch MERGE is idempotent: the same batch twice gives the same counts and writes nothing', async () => {
    const batch = Array.from({ length: 50 }, (_, i) =>
      event('fa', `k${i}`, {
        authors: [{ name: `Author ${i % 5}`, email: '', uri: '' }],
        categories: [`c${i % 3}`, 'all'],
      }),
    );
    const first = await write(env, batch);
    assert.equal(first.written, 50);
    const counts1 = await countGraph(env.driver, env.database, env.labels);
    const second = await write(env, batch);
    assert.equal(second.written, 0);
    const counts2 = await countGraph(env.driver, env.database, env.labels);
    assert.deepEqual(counts2, counts1);
    assert.equal(counts1.feeds, 1);
    assert.equal(counts1.items, 50);
    assert.equal(counts1.published, 50);
    assert.equal(counts1.authors, 5);
    assert.equal(counts1.tags, 4);
    assert.equal(counts1.writtenBy, 50);
    assert.equal(counts1.tagged, 100);
  });

  test('a changed item replaces its authors, tags and mentions', async () => {
    await write(env, [
      event('fb', 'x', {
        authors: [{ name: 'Old Author', email: '', uri: '' }],
        categories: ['old', 'keep'],
      }),
    ]);
    await env.writer.setMentions([
      mentionRow(
        { feedUid: 'fb', itemKey: 'x', entities: [{ name: 'Berlin', type: 'place', count: 1 }] },
        at(),
      ),
    ]);
    const changed = await write(env, [
      event('fb', 'x', {
        contentHash: hash(2),
        title: 'new title',
        authors: [{ name: 'New Author', email: '', uri: '' }],
        categories: ['keep', 'new'],
      }),
    ]);
    assert.equal(changed.written, 1);
    assert.deepEqual(await rels(env, 'fb:x', 'WRITTEN_BY'), ['New Author']);
    assert.deepEqual(await rels(env, 'fb:x', 'TAGGED'), ['keep', 'new']);
    await env.writer.setMentions([
      mentionRow(
        {
          feedUid: 'fb',
          itemKey: 'x',
          entities: [
            { name: 'Paris', type: 'place', count: 2 },
            { name: 'Tim Cook', type: 'person', count: 1 },
          ],
        },
        at(),
      ),
    ]);
    assert.deepEqual(await rels(env, 'fb:x', 'MENTIONS'), ['Paris', 'Tim Cook']);
    const L = env.labels;
    const { records } = await env.driver.executeQuery(
      `MATCH (:\`${L.Item}\` {id: 'fb:x'})-[m:MENTIONS]->(:\`${L.Entity}\` {id: 'place:paris'}) RETURN m.count AS c`,
      {},
      { database: env.database },
    );
    assert.equal(records[0]?.get('c'), 2);
  });

  test('an older version arriving late does not overwrite a newer one', async () => {
    const newer = event('fg', 'v', { title: 'newer', contentHash: hash(3) });
    const older = event('fg', 'v', { title: 'older', contentHash: hash(2) });
    const tNew = at();
    await env.writer.upsertItems([feedRow(newer)], [itemRow(newer, tNew)]);
    const late = await env.writer.upsertItems([feedRow(older)], [itemRow(older, '2000-01-01T00:00:00.000Z')]);
    assert.equal(late.written, 0);
    const { records } = await env.driver.executeQuery(
      `MATCH (i:\`${env.labels.Item}\` {id: 'fg:v'}) RETURN i.title AS t`,
      {},
      { database: env.database },
    );
    assert.equal(records[0]?.get('t'), 'newer');
  });

  test('LINKS_TO is created whichever item arrives first', async () => {
    const target = (key: string) => `https://fc.test/${key}`;
    // Order 1: the citing item first, its target later.
    await write(env, [event('fc', 'a1', { content: `<a href="${target('b1')}/#top">b1</a>` })]);
    assert.deepEqual(await rels(env, 'fc:a1', 'LINKS_TO'), []);
    await write(env, [event('fc', 'b1')]);
    assert.deepEqual(await rels(env, 'fc:a1', 'LINKS_TO'), ['fc:b1']);
    // Order 2: the target first, the citing item later.
    await write(env, [event('fc', 'b2')]);
    await write(env, [event('fc', 'a2', { summary: `<a href="${target('b2')}">b2</a>` })]);
    assert.deepEqual(await rels(env, 'fc:a2', 'LINKS_TO'), ['fc:b2']);
    // Both in one batch.
    await write(env, [event('fc', 'a3', { summary: `<a href="${target('b3')}">b3</a>` }), event('fc', 'b3')]);
    assert.deepEqual(await rels(env, 'fc:a3', 'LINKS_TO'), ['fc:b3']);
    // A change that drops the link drops the edge; redelivery does not duplicate.
    await write(env, [event('fc', 'a3', { summary: 'no links now', contentHash: hash(9) })]);
    await write(env, [event('fc', 'a2', { summary: `<a href="${target('b2')}">b2</a>` })]);
    assert.deepEqual(await rels(env, 'fc:a3', 'LINKS_TO'), []);
    assert.deepEqual(await rels(env, 'fc:a2', 'LINKS_TO'), ['fc:b2']);
  });

  test('purging a feed deletes its items and only the nodes no other feed uses', async () => {
    const shared = { name: 'Shared Author', email: '', uri: '' };
    await write(env, [
      event('fd', 'p1', {
        authors: [shared, { name: 'Only D', email: '', uri: '' }],
        categories: ['only-d', 'shared-tag'],
      }),
      event('fe', 'q1', { authors: [shared], categories: ['shared-tag'] }),
    ]);
    await env.writer.setMentions([
      mentionRow(
        {
          feedUid: 'fd',
          itemKey: 'p1',
          entities: [
            { name: 'Only Entity', type: 'topic', count: 1 },
            { name: 'Rome', type: 'place', count: 1 },
          ],
        },
        at(),
      ),
      mentionRow(
        { feedUid: 'fe', itemKey: 'q1', entities: [{ name: 'Rome', type: 'place', count: 1 }] },
        at(),
      ),
    ]);
    const result = await env.writer.purgeFeed('fd');
    assert.equal(result.items, 1);
    const L = env.labels;
    const names = async (label: string, prop: string) => {
      const { records } = await env.driver.executeQuery(
        `MATCH (n:\`${label}\`) RETURN n.${prop} AS v`,
        {},
        { database: env.database },
      );
      return new Set(records.map((r) => r.get('v') as string));
    };
    const { records: feeds } = await env.driver.executeQuery(
      `MATCH (f:\`${L.Feed}\` {uid: 'fd'}) RETURN f.deletedAt IS NOT NULL AS tombstone`,
      {},
      { database: env.database },
    );
    assert.equal(feeds[0]?.get('tombstone'), true);
    assert.equal((await names(L.Item, 'feedUid')).has('fd'), false);
    const authors = await names(L.Author, 'name');
    assert.ok(authors.has('Shared Author'));
    assert.ok(!authors.has('Only D'));
    const tags = await names(L.Tag, 'name');
    assert.ok(tags.has('shared-tag') && !tags.has('only-d'));
    const entities = await names(L.Entity, 'id');
    assert.ok(entities.has('place:rome') && !entities.has('topic:only entity'));
    assert.deepEqual(await env.writer.purgeFeed('fd'), { items: 0, orphans: 0 });
    // A late redelivery of the deleted feed's item or enrichment resurrects nothing.
    const late = event('fd', 'p1', { contentHash: hash(7) });
    assert.equal((await env.writer.upsertItems([feedRow(late)], [itemRow(late, at())])).written, 0);
    await env.writer.setMentions([
      mentionRow(
        { feedUid: 'fd', itemKey: 'p1', entities: [{ name: 'Rome', type: 'place', count: 1 }] },
        at(),
      ),
    ]);
    assert.equal((await names(L.Item, 'feedUid')).has('fd'), false);
  });

  test('clearGraph empties the projection (replay starts from nothing)', async () => {
    await clearGraph(env.driver, env.database, env.labels);
    const c = await countGraph(env.driver, env.database, env.labels);
    assert.deepEqual(
      Object.values(c).filter((n) => n !== 0),
      [],
    );
  });
});
