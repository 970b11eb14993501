import { defineEntity, p } from '@mikro-orm/core';
import type { InferEntity } from '@mikro-orm/core';
import { Item } from './item.ts';

/** A story: items of several feeds about one event (docs/stories.md); aggregates kept by the store writer. */
export const Story = defineEntity({
  name: 'Story',
  tableName: 'stories',
  properties: {
    id: p.string().length(64).primary(),
    leadItem: () =>
      p.manyToOne(Item).fieldName('lead_item_id').nullable().deleteRule('set null').updateRule('cascade'),
    title: p.text().nullable(),
    firstSeen: p.datetime(),
    lastSeen: p.datetime(),
    itemCount: p.integer(),
    sourceCount: p.integer(),
    sources: p.json<Array<{ feedUid: string; domain: string }>>(),
  },
  indexes: [
    {
      name: 'stories_last_seen_idx',
      expression: 'create index stories_last_seen_idx on stories (last_seen desc, id desc)',
    },
    {
      name: 'stories_biggest_idx',
      expression:
        'create index stories_biggest_idx on stories (source_count desc, item_count desc, last_seen desc, id desc)',
    },
  ],
});
export type IStory = InferEntity<typeof Story>;

/** Matching state of one item: its fingerprint (signatures, names, links) and source domain. */
export const StoryFingerprint = defineEntity({
  name: 'StoryFingerprint',
  tableName: 'story_fingerprints',
  properties: {
    item: () => p.manyToOne(Item).primary().fieldName('item_id').deleteRule('cascade').updateRule('cascade'),
    storyId: p.string().length(64).index('story_fingerprints_story_idx'),
    /** ITEMS stream sequence of the item's first version: a story's lead is its first member. */
    firstSeq: p.bigint('number'),
    time: p.datetime(),
    domain: p.text(),
    fingerprint: p.json<unknown>(),
  },
});

/** Lookup key (LSH band, link, name) → item: finds a new item's candidates. */
export const StoryKey = defineEntity({
  name: 'StoryKey',
  tableName: 'story_keys',
  properties: {
    key: p.text().primary(),
    item: () => p.manyToOne(Item).primary().fieldName('item_id').deleteRule('cascade').updateRule('cascade'),
  },
  indexes: [{ name: 'story_keys_item_idx', properties: ['item'] }],
});
