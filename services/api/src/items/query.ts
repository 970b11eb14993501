/**
 * GET /items as SQL: filters, full-text search and keyset pagination, built as one parameterized
 * statement. Pure (no I/O) so the SQL shapes are unit-tested; table and column names live here.
 *
 * Order: newest first on (published, id) — the index (feed_uid, published desc, id desc) and
 * (published desc, id desc) serve it; with `q`, by ts_rank_cd over the weighted tsvector
 * (title > summary > content), keyset on (rank, id).
 */
import type { ItemFilter } from './types.ts';

export const ITEM_TABLES = {
  items: 'items',
  feeds: 'feeds',
  authors: 'authors',
  itemAuthors: 'item_authors',
  categories: 'categories',
  itemCategories: 'item_categories',
} as const;

/** `<feed uid>:<key>`; the uid (a Kubernetes UID) never contains a colon. */
export function splitItemId(id: string): { feedUid: string; key: string } | undefined {
  const i = id.indexOf(':');
  return i > 0 && i < id.length - 1 ? { feedUid: id.slice(0, i), key: id.slice(i + 1) } : undefined;
}

export interface ListSql {
  text: string;
  values: unknown[];
}

export interface ListParams extends ItemFilter {
  limit: number;
  /** Newest-first cursor: [published ISO or null, id]; search cursor: [rank, id]. */
  after?: [string | null, string] | [number, string] | undefined;
}

/** The store's tsvector is built with the `simple` configuration (no stemming; any language). */
export const TEXT_SEARCH_CONFIG = 'simple';

export const isoColumn = (col: string) =>
  `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const AUTHORS_COLUMN = `(select coalesce(json_agg(json_build_object('name', a.name, 'email', a.email, 'uri', a.uri) order by a.id), '[]')
    from ${ITEM_TABLES.itemAuthors} ia join ${ITEM_TABLES.authors} a on a.id = ia.author_id where ia.item_id = i.id)`;

export const CATEGORIES_COLUMN = `(select coalesce(array_agg(c.name order by c.name), '{}')
    from ${ITEM_TABLES.itemCategories} ic join ${ITEM_TABLES.categories} c on c.id = ic.category_id where ic.item_id = i.id)`;

/** The item's story, and the story's lead item (API id) when this one is a near-duplicate copy of it. */
export const STORY_COLUMNS = `i.story_id,
  (select li.feed_uid || ':' || li.key from stories s join items li on li.id = s.lead_item_id
    where i.near_duplicate and s.id = i.story_id and li.id <> i.id) as duplicate_of`;

/**
 * Relevance is computed for at most this many matches, the newest ones: ranking every match of a
 * common word (10% of 100k items) costs ~100 ms of ts_rank_cd per request, the newest 500 ~5 ms.
 */
export const SEARCH_CANDIDATES = 500;

export function buildListSql(p: ListParams): ListSql {
  const values: unknown[] = [];
  const v = (x: unknown) => {
    values.push(x);
    return `$${values.length}`;
  };
  const T = ITEM_TABLES;
  const where: string[] = [];
  const search = p.q !== undefined;
  const query = search ? `websearch_to_tsquery('${TEXT_SEARCH_CONFIG}', ${v(p.q)})` : '';
  if (search) where.push(`i.search @@ ${query}`);
  if (p.feedUids) where.push(`i.feed_uid = any(${v(p.feedUids)}::text[])`);
  if (p.itemIds) {
    // (feed_uid, key) pairs, so the unique index answers each lookup.
    const pairs = p.itemIds.map(splitItemId).filter((x) => x !== undefined);
    where.push(
      `(i.feed_uid, i.key) in (select * from unnest(${v(pairs.map((x) => x.feedUid))}::text[], ${v(pairs.map((x) => x.key))}::text[]))`,
    );
  }
  if (p.language) where.push(`i.language = ${v(p.language)}`);
  if (p.since) where.push(`i.published >= ${v(p.since)}`);
  if (p.until) where.push(`i.published < ${v(p.until)}`);
  // A tag is either the feed's (spec.tags, copied onto every item) or one of the item's categories.
  if (p.tag) {
    const tag = v(p.tag);
    where.push(
      `(f.tags @> array[${tag}]::text[] or exists (select 1 from ${T.itemCategories} ic join ${T.categories} c on c.id = ic.category_id where ic.item_id = i.id and lower(c.name) = lower(${tag})))`,
    );
  }
  if (p.author)
    where.push(
      `exists (select 1 from ${T.itemAuthors} ia join ${T.authors} a on a.id = ia.author_id where ia.item_id = i.id and lower(a.name) = lower(${v(p.author)}))`,
    );
  // One round trip per page: authors and categories come as aggregates; timestamps as ISO-8601 UTC
  // text (no per-row date parsing in JS).
  const columns = `i.id::text as id, i.feed_uid, i.key, i.guid, i.link, i.title, i.summary,
  ${isoColumn('i.published')} as published, ${isoColumn('i.updated')} as updated, i.language,
  f.namespace as feed_namespace, f.name as feed_name,
  ${AUTHORS_COLUMN} as authors, ${CATEGORIES_COLUMN} as categories, ${STORY_COLUMNS}`;
  const from = `${T.items} i left join ${T.feeds} f on f.uid = i.feed_uid`;
  const newest = `i.published desc nulls last, i.id desc`;
  const whereSql = (extra: string[]) => {
    const all = [...where, ...extra];
    return all.length ? `where ${all.join('\n  and ')}` : '';
  };

  if (search) {
    // Rank the newest SEARCH_CANDIDATES matches; keyset on (rank, id) within them.
    const rank = `ts_rank_cd(i.search, ${query}, 32)::real`;
    const after = p.after ? [`(${rank}, i.id) < (${v(p.after[0])}::real, ${v(p.after[1])}::bigint)`] : [];
    const text = `with candidates as materialized (
  select i.id from ${from}
  ${whereSql([])}
  order by ${newest}
  limit ${SEARCH_CANDIDATES}
)
select ${columns}, ${rank} as rank
from candidates c join ${T.items} i on i.id = c.id left join ${T.feeds} f on f.uid = i.feed_uid
${after.length ? `where ${after.join(' and ')}` : ''}
order by rank desc, i.id desc
limit ${v(p.limit + 1)}`;
    return { text, values };
  }

  const after: string[] = [];
  if (p.after) {
    const [k, id] = p.after;
    // Newest first with undated items last: past a dated row come older dated rows, then all undated ones.
    if (k === null) after.push(`(i.published is null and i.id < ${v(id)}::bigint)`);
    else
      after.push(`((i.published, i.id) < (${v(k)}::timestamptz, ${v(id)}::bigint) or i.published is null)`);
  }
  const text = `select ${columns}
from ${from}
${whereSql(after)}
order by ${newest}
limit ${v(p.limit + 1)}`;
  return { text, values };
}
