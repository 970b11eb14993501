/**
 * GET /items as SQL: filters, full-text search and keyset pagination, built as one parameterized
 * statement. Pure (no I/O) so the SQL shapes are unit-tested; table and column names live here.
 *
 * Order: newest first on (published, id) — the index (feed_uid, published desc, id desc) and
 * (published desc, id desc) serve it; with `q`, by ts_rank_cd over the weighted tsvector
 * (title > summary > content), keyset on (rank, id).
 */
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

export interface ListParams {
  q?: string | undefined;
  feedUids?: string[] | undefined;
  tag?: string | undefined;
  author?: string | undefined;
  itemIds?: string[] | undefined;
  language?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  /** Newest-first cursor: [published ISO or null, id]; search cursor: [rank, id]. */
  after?: [string | null, string] | [number, string] | undefined;
}

/** The store's tsvector is built with the `simple` configuration (no stemming; any language). */
export const TEXT_SEARCH_CONFIG = 'simple';

export function buildListSql(p: ListParams): ListSql {
  const values: unknown[] = [];
  const v = (x: unknown) => {
    values.push(x);
    return `$${values.length}`;
  };
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
      `(f.tags @> array[${tag}]::text[] or exists (select 1 from ${ITEM_TABLES.itemCategories} ic join ${ITEM_TABLES.categories} c on c.id = ic.category_id where ic.item_id = i.id and lower(c.name) = lower(${tag})))`,
    );
  }
  if (p.author)
    where.push(
      `exists (select 1 from ${ITEM_TABLES.itemAuthors} ia join ${ITEM_TABLES.authors} a on a.id = ia.author_id where ia.item_id = i.id and lower(a.name) = lower(${v(p.author)}))`,
    );
  const rank = search ? `ts_rank_cd(i.search, ${query}, 32)` : '';
  if (p.after) {
    const [k, id] = p.after;
    if (search) where.push(`(${rank}, i.id) < (${v(k)}::real, ${v(id)}::bigint)`);
    else if (k === null) where.push(`i.published is null and i.id < ${v(id)}::bigint`);
    else
      where.push(
        `(i.published < ${v(k)}::timestamptz or i.published is null or (i.published = ${v(k)}::timestamptz and i.id < ${v(id)}::bigint))`,
      );
  }
  const order = search ? `rank desc, i.id desc` : `i.published desc nulls last, i.id desc`;
  const text = `select i.id::text as id, i.feed_uid, i.key, i.guid, i.link, i.title, i.summary, i.published, i.updated, i.language,
  f.namespace as feed_namespace, f.name as feed_name${search ? `, ${rank}::real as rank` : ''}
from ${ITEM_TABLES.items} i left join ${ITEM_TABLES.feeds} f on f.uid = i.feed_uid
${where.length ? `where ${where.join('\n  and ')}` : ''}
order by ${order}
limit ${v(p.limit + 1)}`;
  return { text, values };
}
