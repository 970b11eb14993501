/**
 * Pure: turns a batch of consumed events into the rows one transaction writes. Deduplicates inside
 * the batch (Postgres rejects an ON CONFLICT statement that touches the same key twice) keeping the
 * newest version by stream sequence.
 */
import type { ConsumedEvent, FeedDeletedEvent, FeedFetchedEvent, ItemUpsertedEvent } from '@tributary/events';

export interface FeedRow {
  uid: string;
  namespace: string;
  name: string;
  url: string;
  tags: string[];
  enrich_entities: boolean;
}

export interface AuthorRow {
  name: string;
  email: string;
  uri: string;
}

export interface ItemRow {
  feed_uid: string;
  key: string;
  guid: string;
  link: string;
  title: string;
  summary: string;
  content: string;
  published: string | null;
  updated: string | null;
  language: string;
  content_hash: string;
  enclosures: unknown[];
  stream_seq: number;
}

export interface ItemsPlan {
  feeds: FeedRow[];
  items: ItemRow[];
  /** Per item (same order as `items`): its authors and categories. */
  authors: AuthorRow[][];
  categories: string[][];
}

export interface FetchRunRow {
  event_id: string;
  feed_uid: string;
  namespace: string;
  name: string;
  url: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  outcome: string;
  success: boolean;
  http_status: number | null;
  bytes: number;
  items_seen: number;
  items_published: number;
  last_item_time: string | null;
  error_class: string | null;
  error_message: string | null;
  effective_url: string | null;
  consecutive_failures: number;
  next_fetch_at: string | null;
  retry_after: string | null;
  hubs: string[];
}

export interface FeedsPlan {
  runs: FetchRunRow[];
  deletedUids: string[];
}

/** Outcomes that count as a successful fetch (the feed answered and was understood). */
const SUCCESS_OUTCOMES = new Set(['updated', 'not-modified', 'unchanged']);

function uniqueAuthors(authors: ReadonlyArray<{ name: string; email: string; uri: string }>): AuthorRow[] {
  const seen = new Map<string, AuthorRow>();
  for (const a of authors) {
    const row = { name: a.name.trim(), email: a.email.trim(), uri: a.uri.trim() };
    if (row.name === '' && row.email === '') continue; // nothing to show or join on
    if (row.name === '') row.name = row.email;
    seen.set(JSON.stringify([row.name, row.email, row.uri]), row);
  }
  return [...seen.values()];
}

function uniqueCategories(categories: readonly string[]): string[] {
  return [...new Set(categories.map((c) => c.trim()).filter((c) => c !== ''))];
}

/** ITEMS stream batch → rows (events of other types are ignored). */
export function planItems(
  batch: readonly ConsumedEvent[],
  skipFeeds: ReadonlySet<string> = new Set(),
): ItemsPlan {
  const feeds = new Map<string, FeedRow>();
  const latest = new Map<string, { seq: number; event: ItemUpsertedEvent }>();
  for (const c of batch) {
    if (c.event.type !== 'item.upserted') continue;
    const { feed, item } = c.event.data;
    if (skipFeeds.has(feed.uid)) continue;
    feeds.set(feed.uid, {
      uid: feed.uid,
      namespace: feed.namespace,
      name: feed.name,
      url: feed.url,
      tags: [...feed.tags],
      enrich_entities: feed.enrichEntities,
    });
    const k = `${feed.uid}\u0000${item.key}`;
    const prev = latest.get(k);
    if (!prev || prev.seq < c.streamSequence) latest.set(k, { seq: c.streamSequence, event: c.event });
  }
  // Sorted keys: concurrent batches lock rows in the same order, which keeps deadlocks rare.
  const ordered = [...latest.values()].sort((a, b) => {
    const fa = a.event.data.feed.uid;
    const fb = b.event.data.feed.uid;
    return fa < fb ? -1 : fa > fb ? 1 : a.event.data.item.key < b.event.data.item.key ? -1 : 1;
  });
  const plan: ItemsPlan = {
    feeds: [...feeds.values()].sort((a, b) => (a.uid < b.uid ? -1 : 1)),
    items: [],
    authors: [],
    categories: [],
  };
  for (const { seq, event } of ordered) {
    const { feed, item } = event.data;
    plan.items.push({
      feed_uid: feed.uid,
      key: item.key,
      guid: item.guid,
      link: item.link,
      title: item.title,
      summary: item.summary,
      content: item.content,
      published: item.published,
      updated: item.updated,
      language: item.language,
      content_hash: item.contentHash,
      enclosures: [...item.enclosures],
      stream_seq: seq,
    });
    plan.authors.push(uniqueAuthors(item.authors));
    plan.categories.push(uniqueCategories(item.categories));
  }
  return plan;
}

/** FEEDS stream batch → fetch runs and deletions; runs of feeds deleted in the same batch are dropped. */
export function planFeeds(
  batch: readonly ConsumedEvent[],
  skipFeeds: ReadonlySet<string> = new Set(),
): FeedsPlan {
  const deleted = new Set<string>();
  for (const c of batch)
    if (c.event.type === 'feed.deleted') deleted.add((c.event as FeedDeletedEvent).data.feed.uid);
  const runs = new Map<string, FetchRunRow>();
  for (const c of batch) {
    if (c.event.type !== 'feed.fetched') continue;
    const e = c.event as FeedFetchedEvent;
    const d = e.data;
    if (deleted.has(d.feed.uid) || skipFeeds.has(d.feed.uid)) continue;
    runs.set(e.eventId, {
      event_id: e.eventId,
      feed_uid: d.feed.uid,
      namespace: d.feed.namespace,
      name: d.feed.name,
      url: d.feed.url,
      started_at: d.startedAt,
      finished_at: d.finishedAt,
      duration_ms: Math.round(d.durationMs),
      outcome: d.outcome,
      success: SUCCESS_OUTCOMES.has(d.outcome),
      http_status: d.httpStatus,
      bytes: d.bytes,
      items_seen: d.itemsSeen,
      items_published: d.itemsPublished,
      last_item_time: d.lastItemTime,
      error_class: d.errorClass,
      error_message: d.errorMessage,
      effective_url: d.effectiveUrl,
      consecutive_failures: d.consecutiveFailures,
      next_fetch_at: d.nextFetchAt,
      retry_after: d.retryAfter,
      hubs: [...d.hubs],
    });
  }
  return { runs: [...runs.values()], deletedUids: [...deleted].sort() };
}
