/**
 * ItemStore on Postgres (the store worker's projection), read with raw parameterized SQL through
 * the ORM's pg pool: the list/search path is the API's hottest, and one hand-written statement
 * with keyset pagination beats hydrating entities.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { FeedItemStats } from '../feeds/view.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import {
  AUTHORS_COLUMN,
  CATEGORIES_COLUMN,
  STORY_COLUMNS,
  ITEM_TABLES,
  buildListSql,
  isoColumn,
  splitItemId,
} from './query.ts';
import type { ListParams } from './query.ts';
import type { ItemDetailView, ItemFilter, ItemPageResult, ItemStore, ItemView } from './types.ts';

export interface ItemRow {
  id: string;
  feed_uid: string;
  key: string;
  guid: string | null;
  link: string | null;
  title: string | null;
  summary: string | null;
  /** ISO-8601 UTC text (query.ts formats it). */
  published: string | null;
  updated: string | null;
  language: string | null;
  feed_namespace: string | null;
  feed_name: string | null;
  authors: ItemView['authors'];
  categories: string[];
  story_id: string | null;
  duplicate_of: string | null;
  rank?: number;
}

const isCursor = (v: unknown): v is [string | null, string] | [number, string] =>
  Array.isArray(v) &&
  v.length === 2 &&
  typeof v[1] === 'string' &&
  /^\d{1,19}$/.test(v[1]) &&
  (v[0] === null ||
    typeof v[0] === 'number' ||
    (typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0]))));

export class PgItemStore implements ItemStore {
  private readonly pool: Promise<Pool>;

  constructor(orm: MikroORM) {
    // The ORM's own pg pool: one pool per process, real bind parameters (no client-side inlining).
    this.pool = orm.em.getConnection().getNativeClient();
  }

  private async query<T>(text: string, values: unknown[]): Promise<T[]> {
    const res = await (await this.pool).query(text, values);
    return res.rows as T[];
  }

  async list(filter: ItemFilter, limit: number, cursor: string | undefined): Promise<ItemPageResult> {
    const after = decodeCursor(cursor, isCursor);
    if (filter.feedUids?.length === 0 || filter.itemIds?.length === 0) return { items: [], nextCursor: null };
    const params: ListParams = { ...filter, limit, after };
    const { text, values } = buildListSql(params);
    const rows = await this.query<ItemRow>(text, values);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor(filter.q !== undefined ? [last.rank ?? 0, last.id] : [last.published, last.id])
        : null;
    return { items: page.map((r) => this.view(r)), nextCursor };
  }

  view(r: ItemRow): ItemView {
    const item: ItemView = {
      id: `${r.feed_uid}:${r.key}`,
      feed: { uid: r.feed_uid, namespace: r.feed_namespace, name: r.feed_name },
      key: r.key,
      guid: r.guid,
      link: r.link,
      title: r.title,
      summary: r.summary,
      published: r.published,
      updated: r.updated,
      authors: r.authors,
      categories: r.categories,
      language: r.language,
      storyId: r.story_id,
      duplicateOf: r.duplicate_of,
    };
    if (r.rank !== undefined) item.rank = r.rank;
    return item;
  }

  async get(id: string): Promise<ItemDetailView | null> {
    const parts = splitItemId(id);
    if (!parts) return null;
    const T = ITEM_TABLES;
    const rows = await this.query<
      ItemRow & { content: string | null; enclosures: unknown; content_hash: string }
    >(
      `select i.id::text as id, i.feed_uid, i.key, i.guid, i.link, i.title, i.summary, i.content,
              ${isoColumn('i.published')} as published, ${isoColumn('i.updated')} as updated,
              i.language, i.enclosures, i.content_hash, f.namespace as feed_namespace, f.name as feed_name,
              ${AUTHORS_COLUMN} as authors, ${CATEGORIES_COLUMN} as categories, ${STORY_COLUMNS}
       from ${T.items} i left join ${T.feeds} f on f.uid = i.feed_uid
       where i.feed_uid = $1 and i.key = $2`,
      [parts.feedUid, parts.key],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ...this.view(r),
      content: r.content,
      enclosures: (Array.isArray(r.enclosures) ? r.enclosures : []) as ItemDetailView['enclosures'],
      contentHash: r.content_hash,
    };
  }

  async exists(id: string): Promise<boolean> {
    const parts = splitItemId(id);
    if (!parts) return false;
    const rows = await this.query(`select 1 from ${ITEM_TABLES.items} where feed_uid = $1 and key = $2`, [
      parts.feedUid,
      parts.key,
    ]);
    return rows.length > 0;
  }

  async feedStats(feedUids: string[]): Promise<Map<string, FeedItemStats>> {
    const out = new Map<string, FeedItemStats>();
    if (feedUids.length === 0) return out;
    const rows = await this.query<{ feed_uid: string; count: string; last: string | null }>(
      `select feed_uid, count(*)::text as count, ${isoColumn('max(published)')} as last from ${ITEM_TABLES.items}
       where feed_uid = any($1::text[]) group by feed_uid`,
      [feedUids],
    );
    for (const r of rows) out.set(r.feed_uid, { count: Number(r.count), lastItemTime: r.last });
    return out;
  }

  async feedUidsByName(namespace: string, name: string): Promise<string[]> {
    const rows = await this.query<{ uid: string }>(
      `select uid from ${ITEM_TABLES.feeds} where namespace = $1 and name = $2`,
      [namespace, name],
    );
    return rows.map((r) => r.uid);
  }
}
