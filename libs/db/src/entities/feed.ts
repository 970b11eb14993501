import { defineEntity, p } from '@mikro-orm/core';
import type { InferEntity } from '@mikro-orm/core';

/**
 * One Feed custom resource as the store knows it: identity and spec bits carried by the events,
 * plus the outcome of its latest fetch (from feed.fetched). Keyed by the Kubernetes object uid, so a
 * re-created Feed of the same name is a new feed.
 */
export const Feed = defineEntity({
  name: 'Feed',
  tableName: 'feeds',
  properties: {
    uid: p.string().primary(),
    namespace: p.string(),
    name: p.string(),
    url: p.text(),
    tags: p.array().default([]),
    enrichEntities: p.boolean().default(true),
    lastFetchAt: p.datetime().nullable(),
    lastSuccessAt: p.datetime().nullable(),
    lastOutcome: p.string().nullable(),
    lastHttpStatus: p.integer().nullable(),
    lastError: p.text().nullable(),
    consecutiveFailures: p.integer().default(0),
    lastItemTime: p.datetime().nullable(),
    effectiveUrl: p.text().nullable(),
    nextFetchAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  uniques: [{ properties: ['namespace', 'name', 'uid'] }],
});
export type IFeed = InferEntity<typeof Feed>;

/** Uids of deleted feeds: late item events of a purged feed must not bring its rows back. */
export const FeedTombstone = defineEntity({
  name: 'FeedTombstone',
  tableName: 'feed_tombstones',
  properties: {
    uid: p.string().primary(),
    deletedAt: p.datetime().defaultRaw('now()'),
  },
});
export type IFeedTombstone = InferEntity<typeof FeedTombstone>;
