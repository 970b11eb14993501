import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  feedRow,
  itemRow,
  itemsMentioning,
  mentionRow,
  neighborhood,
  relatedItems,
  topEntities,
} from '../src/index.ts';
import type { GraphReadContext, ItemUpsertInput } from '../src/index.ts';
import { graphTestEnv } from './graph-env.ts';
import type { GraphTestEnv } from './graph-env.ts';

const AT = '2026-01-01T00:00:00.000Z';

function event(key: string, categories: string[], published: string): ItemUpsertInput {
  return {
    feed: { uid: 'q', namespace: 'ns', name: 'q', url: 'https://q.test/feed', tags: [] },
    item: {
      key,
      guid: key,
      link: `https://q.test/${key}`,
      title: `T ${key}`,
      summary: key === 'a' ? '<a href="https://q.test/b">b</a>' : '',
      content: '',
      published,
      updated: null,
      authors: [{ name: 'Ann', email: '', uri: '' }],
      categories,
      contentHash: 'c'.repeat(64),
      language: 'en',
    },
  };
}

describe('graph read queries (real Neo4j)', () => {
  let env: GraphTestEnv;
  let ctx: GraphReadContext;
  before(async () => {
    env = await graphTestEnv();
    ctx = { driver: env.driver, database: env.database, labels: env.labels };
    const events = [
      event('a', ['x', 'y'], '2026-01-01T00:00:00.000Z'),
      event('b', ['x'], '2026-01-02T00:00:00.000Z'),
      event('c', ['z'], '2026-01-03T00:00:00.000Z'),
    ];
    await env.writer.upsertItems(
      events.map(feedRow),
      events.map((e) => itemRow(e, AT)),
    );
    const m = (key: string, entities: { name: string; type: 'person' | 'place'; count: number }[]) =>
      mentionRow({ feedUid: 'q', itemKey: key, entities }, AT);
    await env.writer.setMentions([
      m('a', [
        { name: 'Berlin', type: 'place', count: 3 },
        { name: 'Ada', type: 'person', count: 1 },
      ]),
      m('b', [{ name: 'Berlin', type: 'place', count: 1 }]),
      m('c', [{ name: 'Berlin', type: 'place', count: 1 }]),
    ]);
  });
  after(async () => {
    await env?.close();
  });

  test('topEntities ranks by items, filters by type', async () => {
    const all = await topEntities(ctx);
    assert.deepEqual(all[0], { id: 'place:berlin', type: 'place', name: 'Berlin', items: 3, mentions: 5 });
    assert.deepEqual(
      (await topEntities(ctx, { type: 'person' })).map((e) => e.id),
      ['person:ada'],
    );
  });

  test('itemsMentioning lists items newest first with counts', async () => {
    const items = await itemsMentioning(ctx, 'place:berlin', { limit: 2 });
    assert.deepEqual(
      items.map((i) => [i.id, i.count]),
      [
        ['q:c', 1],
        ['q:b', 1],
      ],
    );
  });

  test('relatedItems scores shared entities and tags', async () => {
    const related = await relatedItems(ctx, 'q:a');
    assert.deepEqual(
      related.map((r) => [r.id, r.sharedEntities, r.sharedTags]),
      [
        ['q:b', 1, 1],
        ['q:c', 1, 0],
      ],
    );
  });

  test('neighborhood returns public nodes and edges, depth-capped', async () => {
    const n1 = await neighborhood(ctx, 'q:a', { depth: 1 });
    const labels = new Set(n1.nodes.map((n) => n.label));
    assert.deepEqual([...labels].sort(), ['Author', 'Entity', 'Feed', 'Item', 'Tag']);
    assert.ok(n1.edges.some((e) => e.type === 'LINKS_TO' && e.from === 'q:a' && e.to === 'q:b'));
    assert.ok(!n1.nodes.some((n) => n.id === 'q:c'), 'c is two hops away');
    const n2 = await neighborhood(ctx, 'q:a', { depth: 2, limit: 200 });
    assert.ok(n2.nodes.some((n) => n.id === 'q:c'));
    assert.equal(n2.truncated, false, 'every path fits in 200');
  });

  test('neighborhood says when the path cap cut the subgraph', async () => {
    const capped = await neighborhood(ctx, 'q:a', { depth: 2, limit: 2 });
    assert.equal(capped.truncated, true);
    const all = await neighborhood(ctx, 'q:a', { depth: 2, limit: 200 });
    assert.ok(capped.nodes.length < all.nodes.length, `${capped.nodes.length} < ${all.nodes.length}`);
  });
});
