import { defineEntity, p } from '@mikro-orm/core';
import type { InferEntity } from '@mikro-orm/core';
import { Feed } from './feed.ts';

/** One ingestion run of a feed (a feed.fetched event); eventId makes redelivery a no-op. */
export const FetchRun = defineEntity({
  name: 'FetchRun',
  tableName: 'fetch_runs',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    eventId: p.uuid().unique(),
    feed: () => p.manyToOne(Feed).fieldName('feed_uid').deleteRule('cascade'),
    startedAt: p.datetime(),
    finishedAt: p.datetime(),
    durationMs: p.integer(),
    outcome: p.string(),
    httpStatus: p.integer().nullable(),
    bytes: p.bigint('number'),
    itemsSeen: p.integer(),
    itemsPublished: p.integer(),
    lastItemTime: p.datetime().nullable(),
    errorClass: p.string().nullable(),
    errorMessage: p.text().nullable(),
    effectiveUrl: p.text().nullable(),
    consecutiveFailures: p.integer(),
    nextFetchAt: p.datetime().nullable(),
    retryAfter: p.datetime().nullable(),
    hubs: p.array().default([]),
  },
  indexes: [
    {
      name: 'fetch_runs_feed_finished_idx',
      expression: 'create index fetch_runs_feed_finished_idx on fetch_runs (feed_uid, finished_at desc)',
    },
  ],
});
export type IFetchRun = InferEntity<typeof FetchRun>;
