/**
 * Valid sample payloads for tests in any package (`@tributary/events/testing`): one place that
 * follows the schemas, so a schema change breaks here first instead of in every suite's copy.
 */
import type { FeedFetchedData, FetchOutcome, ItemUpsertedData } from './schemas.ts';

/** A valid item.upserted payload (override any item field). */
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

/** A valid feed.fetched payload: a successful run unless `outcome` says otherwise. */
export function sampleFeedFetched(
  feedUid = 'feed-1',
  outcome: FetchOutcome = 'updated',
  finishedAt = '2026-01-01T00:00:01.000Z',
  overrides: Partial<FeedFetchedData> = {},
): FeedFetchedData {
  const failed = outcome === 'failed';
  return {
    feed: {
      uid: feedUid,
      namespace: 'default',
      name: `feed-${feedUid}`,
      url: `https://example.org/${feedUid}.xml`,
    },
    startedAt: new Date(Date.parse(finishedAt) - 1000).toISOString(),
    finishedAt,
    durationMs: 1000,
    outcome,
    httpStatus: failed ? 503 : outcome === 'not-modified' ? 304 : 200,
    bytes: outcome === 'updated' ? 1234 : 0,
    itemsSeen: outcome === 'updated' ? 10 : 0,
    itemsPublished: outcome === 'updated' ? 10 : 0,
    lastItemTime: null,
    errorClass: failed ? 'HttpError' : null,
    errorMessage: failed ? 'HTTP 503' : null,
    effectiveUrl: null,
    consecutiveFailures: failed ? 1 : 0,
    nextFetchAt: null,
    retryAfter: null,
    hubs: [],
    ...overrides,
  };
}
