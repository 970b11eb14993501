/**
 * The store's write statements. Raw SQL rather than the ORM's unit of work: each statement takes
 * one batch as a single jsonb parameter (jsonb_to_recordset), so a 500-item batch is a handful of
 * round trips with set-based ON CONFLICT upserts, where the UoW would load, diff and flush entities
 * one by one. Table and column names are the ones of @tributary/db's migration.
 */

export const SELECT_TOMBSTONES = `select uid from feed_tombstones where uid = any($1::text[])`;

/** Feed identity/spec from item events; a no-op (no new row version) when nothing changed. */
export const UPSERT_FEED_REFS = `
insert into feeds (uid, namespace, name, url, tags, enrich_entities)
select r.uid, r.namespace, r.name, r.url, array(select jsonb_array_elements_text(r.tags)), r.enrich_entities
from jsonb_to_recordset($1::jsonb) as r(uid text, namespace text, name text, url text, tags jsonb, enrich_entities boolean)
on conflict (uid) do update set
  namespace = excluded.namespace, name = excluded.name, url = excluded.url,
  tags = excluded.tags, enrich_entities = excluded.enrich_entities, updated_at = now()
where (feeds.namespace, feeds.name, feeds.url, feeds.tags, feeds.enrich_entities)
  is distinct from (excluded.namespace, excluded.name, excluded.url, excluded.tags, excluded.enrich_entities)`;

/**
 * Items keyed by (feed_uid, key). A row is rewritten only when its content hash changed AND the
 * event is newer in the stream than the one that wrote it, so replays and late redeliveries write
 * nothing. RETURNING lists only rows inserted or updated; `inserted` tells which (xmax = 0 on a
 * fresh tuple).
 */
export const UPSERT_ITEMS = `
insert into items (feed_uid, key, guid, link, title, summary, content, published, updated, language,
                   content_hash, enclosures, stream_seq)
select r.feed_uid, r.key, r.guid, r.link, r.title, r.summary, r.content, r.published, r.updated, r.language,
       r.content_hash, r.enclosures, r.stream_seq
from jsonb_to_recordset($1::jsonb) as r(feed_uid text, key text, guid text, link text, title text, summary text,
     content text, published timestamptz, updated timestamptz, language text, content_hash text,
     enclosures jsonb, stream_seq bigint)
on conflict (feed_uid, key) do update set
  guid = excluded.guid, link = excluded.link, title = excluded.title, summary = excluded.summary,
  content = excluded.content, published = excluded.published, updated = excluded.updated,
  language = excluded.language, content_hash = excluded.content_hash, enclosures = excluded.enclosures,
  stream_seq = excluded.stream_seq, updated_at = now()
where items.content_hash is distinct from excluded.content_hash and items.stream_seq < excluded.stream_seq
returning id, feed_uid, key, (xmax = 0) as inserted`;

/** A changed item's joins are replaced wholesale. */
export const DELETE_ITEM_JOINS = [
  `delete from item_authors where item_id = any($1::bigint[])`,
  `delete from item_categories where item_id = any($1::bigint[])`,
];

/** Known authors are filtered first: ON CONFLICT alone would still burn a sequence value and an index probe per row. */
export const INSERT_AUTHORS = `
insert into authors (name, email, uri)
select distinct r.name, r.email, r.uri from jsonb_to_recordset($1::jsonb) as r(name text, email text, uri text)
where not exists (select 1 from authors a where a.name = r.name and a.email = r.email and a.uri = r.uri)
order by 1, 2, 3
on conflict (name, email, uri) do nothing`;

/** A separate statement from INSERT_AUTHORS so that it sees authors another worker committed meanwhile. */
export const LINK_AUTHORS = `
insert into item_authors (item_id, author_id)
select distinct r.item_id, a.id
from jsonb_to_recordset($1::jsonb) as r(item_id bigint, name text, email text, uri text)
join authors a on a.name = r.name and a.email = r.email and a.uri = r.uri
on conflict do nothing`;

export const INSERT_CATEGORIES = `
insert into categories (name)
select distinct r.name from jsonb_to_recordset($1::jsonb) as r(name text)
where not exists (select 1 from categories c where c.name = r.name)
order by 1
on conflict (name) do nothing`;

export const LINK_CATEGORIES = `
insert into item_categories (item_id, category_id)
select distinct r.item_id, c.id
from jsonb_to_recordset($1::jsonb) as r(item_id bigint, name text)
join categories c on c.name = r.name
on conflict do nothing`;

/**
 * One row per fetch outcome (event id makes redelivery a no-op), and the feed row's latest-fetch
 * columns, moved only forward in time.
 */
export const INSERT_FETCH_RUNS = `
insert into fetch_runs (event_id, feed_uid, started_at, finished_at, duration_ms, outcome, http_status, bytes,
  items_seen, items_published, last_item_time, error_class, error_message, effective_url,
  consecutive_failures, next_fetch_at, retry_after, hubs)
select r.event_id, r.feed_uid, r.started_at, r.finished_at, r.duration_ms, r.outcome, r.http_status, r.bytes,
  r.items_seen, r.items_published, r.last_item_time, r.error_class, r.error_message, r.effective_url,
  r.consecutive_failures, r.next_fetch_at, r.retry_after, array(select jsonb_array_elements_text(r.hubs))
from jsonb_to_recordset($1::jsonb) as r(event_id uuid, feed_uid text, started_at timestamptz,
  finished_at timestamptz, duration_ms int, outcome text, http_status int, bytes bigint, items_seen int,
  items_published int, last_item_time timestamptz, error_class text, error_message text, effective_url text,
  consecutive_failures int, next_fetch_at timestamptz, retry_after timestamptz, hubs jsonb)
on conflict (event_id) do nothing`;

/**
 * $1: per feed of this batch, its latest run plus its latest successful fetch time. Inserts the feed
 * when the first event about it is a fetch. Columns describing "the last fetch" move only forward in
 * time (an older run redelivered late changes nothing); last_success_at is the max ever seen.
 */
export const UPSERT_FEED_FETCH_STATE = `
insert into feeds as f (uid, namespace, name, url, last_fetch_at, last_success_at, last_outcome, last_http_status,
  last_error, consecutive_failures, last_item_time, effective_url, next_fetch_at)
select r.feed_uid, r.namespace, r.name, r.url, r.finished_at, r.last_success_at,
  r.outcome, r.http_status, r.error_message, r.consecutive_failures, r.last_item_time, r.effective_url,
  r.next_fetch_at
from jsonb_to_recordset($1::jsonb) as r(feed_uid text, namespace text, name text, url text,
  finished_at timestamptz, last_success_at timestamptz, outcome text, http_status int, error_message text,
  consecutive_failures int, last_item_time timestamptz, effective_url text, next_fetch_at timestamptz)
order by r.feed_uid
on conflict (uid) do update set
  last_fetch_at = greatest(f.last_fetch_at, excluded.last_fetch_at),
  last_success_at = greatest(f.last_success_at, excluded.last_success_at),
  last_outcome = case when f.last_fetch_at is null or f.last_fetch_at < excluded.last_fetch_at then excluded.last_outcome else f.last_outcome end,
  last_http_status = case when f.last_fetch_at is null or f.last_fetch_at < excluded.last_fetch_at then excluded.last_http_status else f.last_http_status end,
  last_error = case when f.last_fetch_at is null or f.last_fetch_at < excluded.last_fetch_at then excluded.last_error else f.last_error end,
  consecutive_failures = case when f.last_fetch_at is null or f.last_fetch_at < excluded.last_fetch_at then excluded.consecutive_failures else f.consecutive_failures end,
  next_fetch_at = case when f.last_fetch_at is null or f.last_fetch_at < excluded.last_fetch_at then excluded.next_fetch_at else f.next_fetch_at end,
  last_item_time = greatest(f.last_item_time, excluded.last_item_time),
  effective_url = coalesce(excluded.effective_url, f.effective_url),
  updated_at = now()
where f.last_fetch_at is null or f.last_fetch_at < excluded.last_fetch_at
   or f.last_success_at is distinct from greatest(f.last_success_at, excluded.last_success_at)`;

export const INSERT_TOMBSTONES = `
insert into feed_tombstones (uid) select unnest($1::text[]) order by 1 on conflict (uid) do nothing`;

/** Cascades to items, their joins and fetch runs. */
export const DELETE_FEEDS = `delete from feeds where uid = any($1::text[])`;
