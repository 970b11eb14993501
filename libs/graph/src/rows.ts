import { createHash } from 'node:crypto';
import type { ItemUpsertedData } from '@tributary/events';
import { entityId } from './entity.ts';
import type { EntityType } from './entity.ts';
import { extractLinks, normalizeUrl } from './links.ts';

/** The part of an `item.upserted` payload the graph reads (derived from the event schema). */
export interface ItemUpsertInput {
  feed: Pick<ItemUpsertedData['feed'], 'uid' | 'namespace' | 'name' | 'url' | 'tags'>;
  item: Pick<
    ItemUpsertedData['item'],
    | 'key'
    | 'guid'
    | 'link'
    | 'title'
    | 'summary'
    | 'content'
    | 'published'
    | 'updated'
    | 'authors'
    | 'categories'
    | 'contentHash'
    | 'language'
  >;
}

/** The `item.enriched` payload. */
export interface EnrichedInput {
  feedUid: string;
  itemKey: string;
  entities: { name: string; type: EntityType; count: number }[];
}

export interface FeedRow {
  uid: string;
  props: { uid: string; namespace: string; name: string; url: string; tags: string[] };
}

export interface ItemRow {
  id: string;
  feedUid: string;
  props: {
    id: string;
    feedUid: string;
    key: string;
    guid: string | null;
    title: string;
    /** Normalized, so LINKS_TO can match it against cited URLs; null when the item has none. */
    link: string | null;
    published: string | null;
    updated: string | null;
    contentHash: string;
    language: string | null;
    /** occurredAt of the event this version came from: an older version never overwrites a newer one. */
    eventAt: string;
  };
  authors: { name: string; email: string | null; uri: string | null }[];
  tags: string[];
  /** Normalized URLs cited in summary/content, own link excluded. */
  links: string[];
}

export interface MentionRow {
  id: string;
  feedUid: string;
  key: string;
  /** Digest of the entity set: an identical re-enrichment is a no-op. */
  hash: string;
  /** occurredAt of the enriched event (see ItemRow.props.eventAt). */
  eventAt: string;
  entities: { id: string; type: EntityType; name: string; count: number }[];
}

export const itemId = (feedUid: string, key: string): string => `${feedUid}:${key}`;

const oneLine = (s: string) => s.replace(/\s+/gu, ' ').trim();
const orNull = (s: string) => (s === '' ? null : s);

/** Tag identity: categories are free text, so case and whitespace must not split a tag. */
export function tagName(category: string): string {
  return oneLine(category).toLowerCase();
}

export function feedRow(input: ItemUpsertInput): FeedRow {
  const { uid, namespace, name, url, tags } = input.feed;
  return { uid, props: { uid, namespace, name, url, tags } };
}

export function itemRow(input: ItemUpsertInput, eventAt: string): ItemRow {
  const { feed, item } = input;
  const id = itemId(feed.uid, item.key);
  const link = normalizeUrl(item.link);
  const authors = new Map<string, ItemRow['authors'][number]>();
  for (const a of item.authors) {
    const name = oneLine(a.name);
    if (name !== '' && !authors.has(name))
      authors.set(name, { name, email: orNull(a.email), uri: orNull(a.uri) });
  }
  const tags = [...new Set(item.categories.map(tagName).filter((t) => t !== ''))];
  const links = extractLinks(item.summary, item.content).filter((u) => u !== link);
  return {
    id,
    feedUid: feed.uid,
    props: {
      id,
      feedUid: feed.uid,
      key: item.key,
      guid: orNull(item.guid),
      title: item.title,
      link,
      published: item.published,
      updated: item.updated,
      contentHash: item.contentHash,
      language: orNull(item.language),
      eventAt,
    },
    authors: [...authors.values()],
    tags,
    links,
  };
}

export function mentionRow(input: EnrichedInput, eventAt: string): MentionRow {
  const merged = new Map<string, MentionRow['entities'][number]>();
  for (const e of input.entities) {
    const id = entityId(e.type, e.name);
    if (id.endsWith(':')) continue;
    const prev = merged.get(id);
    if (prev) prev.count += e.count;
    else merged.set(id, { id, type: e.type, name: oneLine(e.name), count: e.count });
  }
  const entities = [...merged.values()].sort((a, b) => a.id.localeCompare(b.id));
  const hash = createHash('sha256')
    .update(JSON.stringify(entities.map((e) => [e.id, e.count])))
    .digest('hex');
  return {
    id: itemId(input.feedUid, input.itemKey),
    feedUid: input.feedUid,
    key: input.itemKey,
    hash,
    eventAt,
    entities,
  };
}

/**
 * Keeps the last row per key, sorted by key. Rows of one batch go into one UNWIND, and two versions
 * of the same item there would race inside the statement (stream order says the later wins). The
 * sort makes every transaction lock item nodes in the same order, so the item and mention writers
 * running side by side wait for each other instead of deadlocking.
 */
export function lastPerKey<T>(rows: T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}
