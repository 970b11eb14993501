/** Stories from Postgres (the store writer's projection): list with filters and keyset pages, one story. */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { components } from '../generated/openapi.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { AUTHORS_COLUMN, CATEGORIES_COLUMN, STORY_COLUMNS, isoColumn } from '../items/query.ts';
import type { PgItemStore, ItemRow } from '../items/pg-store.ts';

export type StoryView = components['schemas']['Story'];
export type StoryDetailView = components['schemas']['StoryDetail'];

export interface StoryFilter {
  sort: 'newest' | 'biggest';
  feedUids?: string[] | undefined;
  tag?: string | undefined;
  /** Item ids (feedUid:key) mentioning the entity, from the graph. */
  itemIds?: string[] | undefined;
  since?: Date | undefined;
}

interface StoryRow {
  id: string;
  title: string | null;
  first_seen: string;
  last_seen: string;
  item_count: number;
  source_count: number;
  sources: Array<{ feedUid: string; domain: string; namespace: string | null; name: string | null }>;
  lead: string;
}

const COLUMNS = `s.id, s.title, ${isoColumn('s.first_seen')} as first_seen, ${isoColumn('s.last_seen')} as last_seen,
  s.item_count, s.source_count,
  (select coalesce(jsonb_agg(x.v || jsonb_build_object('namespace', f.namespace, 'name', f.name)), '[]')
     from jsonb_array_elements(s.sources) as x(v) left join feeds f on f.uid = x.v->>'feedUid') as sources,
  (select li.feed_uid || ':' || li.key from items li where li.id = s.lead_item_id) as lead`;

const isCursor = (v: unknown): v is [number, number, string, string] =>
  Array.isArray(v) && v.length === 4 && typeof v[2] === 'string' && typeof v[3] === 'string';

export class PgStoryStore {
  private readonly pool: Promise<Pool>;
  private readonly items: PgItemStore;

  constructor(orm: MikroORM, items: PgItemStore) {
    this.pool = orm.em.getConnection().getNativeClient();
    this.items = items;
  }

  private async query<T>(text: string, values: unknown[]): Promise<T[]> {
    return (await (await this.pool).query(text, values)).rows as T[];
  }

  private view(r: StoryRow): StoryView {
    return {
      id: r.id,
      title: r.title,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      itemCount: r.item_count,
      sourceCount: r.source_count,
      sources: r.sources.map((s) => ({
        feed: { uid: s.feedUid, namespace: s.namespace, name: s.name },
        domain: s.domain,
      })),
      entities: [],
      leadItemId: r.lead,
    };
  }

  async list(f: StoryFilter, limit: number, cursor: string | undefined) {
    const after = decodeCursor(cursor, isCursor);
    if (f.feedUids?.length === 0 || f.itemIds?.length === 0) return { stories: [], nextCursor: null };
    const values: unknown[] = [];
    const v = (x: unknown) => `$${values.push(x)}`;
    const where: string[] = [];
    const member: string[] = [];
    if (f.feedUids) member.push(`i.feed_uid = any(${v(f.feedUids)}::text[])`);
    if (f.itemIds) member.push(`(i.feed_uid || ':' || i.key) = any(${v(f.itemIds)}::text[])`);
    if (f.tag)
      member.push(
        `exists (select 1 from feeds tf where tf.uid = i.feed_uid and tf.tags @> array[${v(f.tag)}]::text[])`,
      );
    if (member.length)
      where.push(`exists (select 1 from items i where i.story_id = s.id and ${member.join(' and ')})`);
    if (f.since) where.push(`s.last_seen >= ${v(f.since)}`);
    const order =
      f.sort === 'biggest'
        ? {
            by: 's.source_count desc, s.item_count desc, s.last_seen desc, s.id desc',
            key: '(s.source_count, s.item_count, s.last_seen, s.id)',
          }
        : { by: 's.last_seen desc, s.id desc', key: '(s.last_seen, s.id)' };
    if (after) {
      where.push(
        f.sort === 'biggest'
          ? `${order.key} < (${v(after[0])}::int, ${v(after[1])}::int, ${v(after[2])}::timestamptz, ${v(after[3])})`
          : `${order.key} < (${v(after[2])}::timestamptz, ${v(after[3])})`,
      );
    }
    const rows = await this.query<StoryRow>(
      `select ${COLUMNS} from stories s ${where.length ? `where ${where.join(' and ')}` : ''}
       order by ${order.by} limit ${v(limit + 1)}`,
      values,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      stories: page.map((r) => this.view(r)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor([last.source_count, last.item_count, last.last_seen, last.id])
          : null,
    };
  }

  async get(id: string): Promise<StoryDetailView | null> {
    const rows = await this.query<StoryRow>(`select ${COLUMNS} from stories s where s.id = $1`, [id]);
    const r = rows[0];
    if (!r) return null;
    const items = await this.query<ItemRow>(
      `select i.id::text as id, i.feed_uid, i.key, i.guid, i.link, i.title, i.summary,
              ${isoColumn('i.published')} as published, ${isoColumn('i.updated')} as updated, i.language,
              f.namespace as feed_namespace, f.name as feed_name,
              ${AUTHORS_COLUMN} as authors, ${CATEGORIES_COLUMN} as categories, ${STORY_COLUMNS}
       from items i left join feeds f on f.uid = i.feed_uid left join story_fingerprints sf on sf.item_id = i.id
       where i.story_id = $1 order by sf.first_seq, i.id`,
      [id],
    );
    return { ...this.view(r), items: items.map((x) => this.items.view(x)) };
  }
}
