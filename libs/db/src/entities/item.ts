import { defineEntity, p } from '@mikro-orm/core';
import type { InferEntity } from '@mikro-orm/core';
import { FullTextType } from '@mikro-orm/postgresql';
import { Feed } from './feed.ts';
import { Author, Category } from './taxonomy.ts';

/**
 * One normalized item of one feed, unique by (feed, key). `contentHash` decides whether an upsert
 * changes anything; `streamSeq` (the ITEMS stream sequence of the event that wrote the row) keeps a
 * late, older event from overwriting a newer version. `search` is a generated, weighted tsvector
 * (title A > summary B > content C) — see the migration.
 */
export const Item = defineEntity({
  name: 'Item',
  tableName: 'items',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    feed: () => p.manyToOne(Feed).fieldName('feed_uid').deleteRule('cascade'),
    key: p.text(),
    guid: p.text(),
    link: p.text(),
    title: p.text(),
    summary: p.text(),
    content: p.text().lazy(),
    published: p.datetime().nullable(),
    updated: p.datetime().nullable(),
    language: p.string(),
    contentHash: p.string().length(64),
    enclosures: p.json<Array<{ url: string; type: string; length: number }>>(),
    streamSeq: p.bigint('number'),
    firstSeenAt: p.datetime().defaultRaw('now()'),
    story: () =>
      p
        .manyToOne(Story)
        .fieldName('story_id')
        .nullable()
        .deleteRule('set null')
        .updateRule('cascade')
        .index('items_story_idx'),
    nearDuplicate: p.boolean().default(false),
    updatedAt: p.datetime().defaultRaw('now()'),
    search: p
      .type(FullTextType)
      .lazy()
      .nullable()
      .generated(
        `(setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(summary, '')), 'B') || setweight(to_tsvector('simple', left(coalesce(content, ''), 100000)), 'C')) stored`,
      ),
    authors: () => p.manyToMany(Author).pivotEntity(() => ItemAuthor),
    categories: () => p.manyToMany(Category).pivotEntity(() => ItemCategory),
  },
  uniques: [{ properties: ['feed', 'key'] }],
  indexes: [
    {
      name: 'items_feed_published_idx',
      expression:
        'create index items_feed_published_idx on items (feed_uid, published desc nulls last, id desc)',
    },
    {
      name: 'items_published_idx',
      expression: 'create index items_published_idx on items (published desc nulls last, id desc)',
    },
    {
      name: 'items_language_published_idx',
      expression:
        'create index items_language_published_idx on items (language, published desc nulls last, id desc)',
    },
    { name: 'items_search_idx', expression: 'create index items_search_idx on items using gin (search)' },
  ],
});
export type IItem = InferEntity<typeof Item>;

/** Join table item ↔ author; the PK serves item → authors, the index author → items. */
export const ItemAuthor = defineEntity({
  name: 'ItemAuthor',
  tableName: 'item_authors',
  properties: {
    item: () => p.manyToOne(Item).primary().fieldName('item_id').deleteRule('cascade').updateRule('cascade'),
    author: () =>
      p.manyToOne(Author).primary().fieldName('author_id').deleteRule('cascade').updateRule('cascade'),
  },
  indexes: [{ name: 'item_authors_author_idx', properties: ['author', 'item'] }],
});

/** Join table item ↔ category; the PK serves item → categories, the index category → items. */
export const ItemCategory = defineEntity({
  name: 'ItemCategory',
  tableName: 'item_categories',
  properties: {
    item: () => p.manyToOne(Item).primary().fieldName('item_id').deleteRule('cascade').updateRule('cascade'),
    category: () =>
      p.manyToOne(Category).primary().fieldName('category_id').deleteRule('cascade').updateRule('cascade'),
  },
  indexes: [{ name: 'item_categories_category_idx', properties: ['category', 'item'] }],
});

// Beside Item, not in story.ts: the two reference each other, and one module keeps that no import cycle.
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
