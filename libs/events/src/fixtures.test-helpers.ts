import type { ItemUpsertedData } from './schemas.ts';

/** A valid item.upserted payload for tests (override any field). */
export function sampleItemUpserted(
  overrides: Partial<ItemUpsertedData['item']> = {},
  feedUid = 'feed-1',
): ItemUpsertedData {
  return {
    feed: {
      uid: feedUid,
      namespace: 'default',
      name: 'example',
      url: 'https://example.org/feed.xml',
      tags: ['tech'],
      enrichEntities: true,
    },
    item: {
      key: 'guid:1',
      guid: '1',
      link: 'https://example.org/1',
      title: 'Hello',
      summary: '<p>hi</p>',
      content: '',
      published: '2026-01-01T00:00:00.000Z',
      updated: null,
      authors: [{ name: 'Ada', email: '', uri: '' }],
      categories: ['news'],
      enclosures: [],
      contentHash: 'a'.repeat(64),
      language: 'en',
      ...overrides,
    },
  };
}
