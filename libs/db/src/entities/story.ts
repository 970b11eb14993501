import { defineEntity, p } from '@mikro-orm/core';
import { Item } from './item.ts';

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
