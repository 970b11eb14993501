import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent } from '@tributary/events';
import type { ConsumedEvent, ItemUpsertedData } from '@tributary/events';
import { sampleFeedFetched } from '@tributary/events/testing';
import { planFeeds, planItems } from './plan.ts';

function consumed(data: ItemUpsertedData, seq: number): ConsumedEvent {
  return {
    event: createEvent('item.upserted', data),
    subject: 's',
    streamSequence: seq,
    deliveryCount: 1,
    traceparent: null,
  };
}

function data(
  feed: string,
  key: string,
  title: string,
  extra: Partial<ItemUpsertedData['item']> = {},
): ItemUpsertedData {
  return {
    feed: { uid: feed, namespace: 'ns', name: feed, url: 'https://e.org/f', tags: [], enrichEntities: false },
    item: {
      key,
      guid: '',
      link: '',
      title,
      summary: '',
      content: '',
      published: null,
      updated: null,
      authors: [],
      categories: [],
      enclosures: [],
      contentHash: 'a'.repeat(64),
      language: '',
      ...extra,
    },
  };
}

test('planItems keeps the newest version of a key in the batch, sorted by feed and key', () => {
  const plan = planItems([
    consumed(data('f2', 'k', 'old'), 5),
    consumed(data('f1', 'z', 'x'), 6),
    consumed(data('f2', 'k', 'new'), 9),
    consumed(data('f2', 'k', 'older'), 2),
  ]);
  assert.deepEqual(
    plan.items.map((i) => [i.feed_uid, i.key, i.title, i.stream_seq]),
    [
      ['f1', 'z', 'x', 6],
      ['f2', 'k', 'new', 9],
    ],
  );
  assert.deepEqual(
    plan.feeds.map((f) => f.uid),
    ['f1', 'f2'],
  );
});

test('planItems cleans authors and categories and drops tombstoned feeds', () => {
  const d = data('f', 'k', 't', {
    authors: [
      { name: ' Ada ', email: '', uri: '' },
      { name: 'Ada', email: '', uri: '' },
      { name: '', email: 'x@e.org', uri: '' },
      { name: '', email: '', uri: 'https://only-uri' },
    ],
    categories: ['a', ' a ', '', 'b'],
  });
  const plan = planItems([consumed(d, 1), consumed(data('dead', 'k', 't'), 2)], new Set(['dead']));
  assert.deepEqual(plan.authors[0], [
    { name: 'Ada', email: '', uri: '' },
    { name: 'x@e.org', email: 'x@e.org', uri: '' },
  ]);
  assert.deepEqual(plan.categories[0], ['a', 'b']);
  assert.equal(plan.items.length, 1);
});

test('planFeeds drops runs of a feed deleted in the same batch', () => {
  const run = (uid: string) =>
    createEvent('feed.fetched', sampleFeedFetched(uid, 'not-modified', undefined, { durationMs: 1000.4 }));
  const del = createEvent('feed.deleted', { feed: { uid: 'gone', namespace: 'ns', name: 'gone' } });
  const batch = [run('keep'), run('gone'), del].map((event, i) => ({
    event,
    subject: 's',
    streamSequence: i,
    deliveryCount: 1,
    traceparent: null,
  }));
  const plan = planFeeds(batch);
  assert.deepEqual(
    plan.runs.map((r) => [r.feed_uid, r.success, r.duration_ms]),
    [['keep', true, 1000]],
  );
  assert.deepEqual(plan.deletedUids, ['gone']);
});
