import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entityId, entityKey } from './entity.ts';
import { graphLabels } from './labels.ts';
import { feedRow, itemRow, lastPerKey, mentionRow } from './rows.ts';
import type { ItemUpsertInput } from './rows.ts';
import { schemaStatements } from './schema.ts';

const AT = '2026-01-01T00:00:00.000Z';

const input = (over: Partial<ItemUpsertInput['item']> = {}): ItemUpsertInput => ({
  feed: { uid: 'f1', namespace: 'ns', name: 'news', url: 'https://n.org/feed', tags: ['tech'] },
  item: {
    key: 'k1',
    guid: '',
    link: 'https://n.org/post/1/',
    title: 'Post',
    summary: '<a href="https://n.org/post/2">two</a> <a href="https://n.org/post/1">self</a>',
    content: '<a href="https://n.org/post/3#x">three</a>',
    published: '2026-01-01T00:00:00.000Z',
    updated: null,
    authors: [
      { name: ' Ada  Lovelace ', email: '', uri: '' },
      { name: 'Ada Lovelace', email: 'a@x', uri: '' },
    ],
    categories: ['Tech', ' tech ', 'AI  Policy', ''],
    contentHash: 'a'.repeat(64),
    language: '',
    ...over,
  },
});

test('itemRow: id, normalized link, deduped authors/tags, cited links without the item itself', () => {
  const row = itemRow(input(), AT);
  assert.equal(row.id, 'f1:k1');
  assert.equal(row.props.link, 'https://n.org/post/1');
  assert.equal(row.props.guid, null);
  assert.equal(row.props.language, null);
  assert.deepEqual(row.authors, [{ name: 'Ada Lovelace', email: null, uri: null }]);
  assert.deepEqual(row.tags, ['tech', 'ai policy']);
  assert.deepEqual(row.links, ['https://n.org/post/2', 'https://n.org/post/3']);
  assert.equal(itemRow(input({ link: '' }), AT).props.link, null);
  assert.deepEqual(feedRow(input()).props, {
    uid: 'f1',
    namespace: 'ns',
    name: 'news',
    url: 'https://n.org/feed',
    tags: ['tech'],
  });
});

test('mentionRow merges names with the same key and hashes the set order-independently', () => {
  const a = mentionRow(
    {
      feedUid: 'f1',
      itemKey: 'k1',
      entities: [
        { name: 'São Paulo', type: 'place', count: 2 },
        { name: 'Sao Paulo', type: 'place', count: 1 },
        { name: 'Tim Cook', type: 'person', count: 1 },
      ],
    },
    AT,
  );
  assert.equal(a.id, 'f1:k1');
  assert.deepEqual(
    a.entities.map((e) => [e.id, e.count]),
    [
      ['person:tim cook', 1],
      ['place:sao paulo', 3],
    ],
  );
  const b = mentionRow(
    {
      feedUid: 'f1',
      itemKey: 'k1',
      entities: [
        { name: 'Tim Cook', type: 'person', count: 1 },
        { name: 'sao paulo', type: 'place', count: 3 },
      ],
    },
    AT,
  );
  assert.equal(a.hash, b.hash);
  assert.notEqual(mentionRow({ feedUid: 'f1', itemKey: 'k1', entities: [] }, AT).hash, a.hash);
});

test('entity ids fold case and diacritics', () => {
  assert.equal(entityId('place', 'Zürich'), 'place:zurich');
  assert.equal(entityKey('U.S.'), 'us');
});

test('lastPerKey keeps the last version of each key, sorted by key', () => {
  assert.deepEqual(
    lastPerKey(
      [
        { k: 'b', v: 1 },
        { k: 'a', v: 1 },
        { k: 'a', v: 2 },
      ],
      (r) => r.k,
    ),
    [
      { k: 'a', v: 2 },
      { k: 'b', v: 1 },
    ],
  );
});

test('labels carry the prefix into labels and schema names; bad prefixes are rejected', () => {
  const L = graphLabels('t42_');
  assert.equal(L.Item, 't42_Item');
  const stmts = schemaStatements(L);
  assert.ok(stmts.every((s) => s.includes('`t42_')));
  assert.ok(stmts.some((s) => /CONSTRAINT `t42_item_id`.*`t42_Item`.*n\.id IS UNIQUE/.test(s)));
  assert.equal(graphLabels().Item, 'Item');
  assert.throws(() => graphLabels('x`) DETACH DELETE n //'), /label prefix/);
  assert.throws(() => graphLabels('1abc'), /label prefix/);
});
