/**
 * The story step of an items transaction (docs/stories.md): assigns the batch's new and changed
 * items to stories with @tributary/stories, keeping the matching state (fingerprints, lookup keys)
 * and the listed aggregates (stories, items.story_id/near_duplicate) in the same transaction as the
 * items, so the projection is never half-written.
 */
import { StoryIndex, STORY_PARAMS, fingerprint, matchKeys } from '@tributary/stories';
import type { Fingerprint } from '@tributary/stories';
import type { FeedRow, ItemRow } from './plan.ts';
import type { Sql } from './writer.ts';
import { json } from './json.ts';

/**
 * One story step at a time across all writers: assignment must see every earlier item's
 * fingerprint, so two batches in flight must not both found a story for the same event.
 */
export const STORIES_LOCK_KEY = 0x5707_1e5;

/** At most this many stored candidates per key: a common name must not load half the store. */
export const CANDIDATES_PER_KEY = 50;

const SELECT_EXISTING = `
select id::text as id, story_id, near_duplicate from items where id = any($1::bigint[]) and story_id is not null`;

const SELECT_CANDIDATES = `
select item_id, story_id, time_ms, fingerprint, keys from (
  select f.item_id::text as item_id, f.story_id, (extract(epoch from f.time) * 1000)::float8 as time_ms, f.fingerprint,
         array_agg(k.key) over (partition by f.item_id) as keys,
         row_number() over (partition by k.key order by f.time desc, f.item_id desc) as rn,
         row_number() over (partition by f.item_id order by k.key) as per_item
  from story_keys k join story_fingerprints f on f.item_id = k.item_id
  where k.key = any($1::text[]) and f.time between $2::timestamptz and $3::timestamptz
    and not (f.item_id = any($4::bigint[]))
) c where rn <= ${CANDIDATES_PER_KEY} and per_item = 1
order by item_id::bigint`;

const UPSERT_FINGERPRINTS = `
insert into story_fingerprints (item_id, story_id, first_seq, time, domain, fingerprint)
select r.item_id, r.story_id, r.first_seq, r.time, r.domain, r.fingerprint
from jsonb_to_recordset($1::jsonb) as r(item_id bigint, story_id text, first_seq bigint, time timestamptz, domain text, fingerprint jsonb)
on conflict (item_id) do update set story_id = excluded.story_id, time = excluded.time, domain = excluded.domain,
  fingerprint = excluded.fingerprint`;

const DELETE_KEYS = `delete from story_keys where item_id = any($1::bigint[])`;

const INSERT_KEYS = `
insert into story_keys (key, item_id)
select r.key, r.item_id from jsonb_to_recordset($1::jsonb) as r(key text, item_id bigint)
order by 1, 2 on conflict do nothing`;

/** Aggregates of the touched stories, recomputed from their members (lead = first member in stream order). */
export const UPSERT_STORIES = `
insert into stories as s (id, lead_item_id, title, first_seen, last_seen, item_count, source_count, sources)
select f.story_id, (array_agg(i.id order by f.first_seq))[1],
       (array_agg(i.title order by f.first_seq) filter (where i.title <> ''))[1],
       min(f.time), max(f.time), count(*), count(distinct nullif(f.domain, '')),
       (select coalesce(jsonb_agg(x order by x->>'domain', x->>'feedUid'), '[]') from (
          select distinct jsonb_build_object('feedUid', i2.feed_uid, 'domain', f2.domain) as x
          from story_fingerprints f2 join items i2 on i2.id = f2.item_id where f2.story_id = f.story_id) d)
from story_fingerprints f join items i on i.id = f.item_id
where f.story_id = any($1::text[])
group by f.story_id
order by f.story_id
on conflict (id) do update set lead_item_id = excluded.lead_item_id, title = excluded.title,
  first_seen = excluded.first_seen, last_seen = excluded.last_seen, item_count = excluded.item_count,
  source_count = excluded.source_count, sources = excluded.sources`;

const UPDATE_ITEMS = `
update items i set story_id = r.story_id, near_duplicate = r.duplicate
from jsonb_to_recordset($1::jsonb) as r(item_id bigint, story_id text, duplicate boolean)
where i.id = r.item_id and (i.story_id, i.near_duplicate) is distinct from (r.story_id, r.duplicate)`;

const STORIES_OF_FEEDS = `
select distinct f.story_id from story_fingerprints f join items i on i.id = f.item_id where i.feed_uid = any($1::text[])`;

const DELETE_EMPTY_STORIES = `
delete from stories s where s.id = any($1::text[])
  and not exists (select 1 from story_fingerprints f where f.story_id = s.id)`;

/**
 * Runs `purge` (the feed deletion, which cascades to items and their fingerprints), then recounts
 * the stories those items were in and deletes the ones left empty.
 */
export async function purgeStories(
  sql: Sql,
  feedUids: string[],
  purge: () => Promise<number>,
): Promise<number> {
  const stories = (await sql<{ story_id: string }>(STORIES_OF_FEEDS, [feedUids])).rows
    .map((r) => r.story_id)
    .sort();
  const purged = await purge();
  if (stories.length > 0) {
    await sql(UPSERT_STORIES, [stories]);
    await sql(DELETE_EMPTY_STORIES, [stories]);
  }
  return purged;
}

export interface WrittenItem {
  id: string;
  row: ItemRow;
  feed: FeedRow;
}

export interface StoriesResult {
  founded: number;
  joined: number;
}

function itemTime(row: ItemRow, now: number): number {
  const t = row.published ? Date.parse(row.published) : NaN;
  return Number.isNaN(t) ? now : t;
}

/** Assigns `written` (any order; sorted here by stream sequence) inside the caller's transaction. */
export async function assignStories(
  sql: Sql,
  written: readonly WrittenItem[],
  now = Date.now(),
): Promise<StoriesResult> {
  if (written.length === 0) return { founded: 0, joined: 0 };
  const ordered = [...written].sort((a, b) => a.row.stream_seq - b.row.stream_seq);
  await sql(`select pg_advisory_xact_lock($1)`, [STORIES_LOCK_KEY]);
  const ids = ordered.map((w) => w.id);
  const existing = new Map(
    (await sql<{ id: string; story_id: string; near_duplicate: boolean }>(SELECT_EXISTING, [ids])).rows.map(
      (r) => [r.id, { storyId: r.story_id, duplicate: r.near_duplicate }],
    ),
  );
  const prepared = ordered.map((w) => {
    const fp = fingerprint({
      itemId: `${w.row.feed_uid}:${w.row.key}`,
      title: w.row.title,
      summary: w.row.summary,
      content: w.row.content,
      link: w.row.link,
      feedUrl: w.feed.url,
    });
    return { w, fp, keys: matchKeys(fp), time: itemTime(w.row, now) };
  });
  const times = prepared.map((p) => p.time);
  const candidates = await sql<{
    item_id: string;
    story_id: string;
    time_ms: number;
    fingerprint: Fingerprint;
    keys: string[];
  }>(SELECT_CANDIDATES, [
    [...new Set(prepared.flatMap((p) => p.keys))],
    new Date(Math.min(...times) - STORY_PARAMS.windowMs).toISOString(),
    new Date(Math.max(...times) + STORY_PARAMS.windowMs).toISOString(),
    ids,
  ]);
  const index = new StoryIndex();
  for (const c of candidates.rows)
    index.add(
      { itemId: c.item_id, storyId: c.story_id, fingerprint: c.fingerprint, time: Number(c.time_ms) },
      c.keys,
    );

  const fingerprints = [];
  const keys = [];
  const updates = [];
  let founded = 0;
  for (const p of prepared) {
    // The index is keyed by database ids; the story id derives from the API id (feed uid:key).
    const a = index.assign(p.w.id, p.fp, p.time, existing.get(p.w.id), `${p.w.row.feed_uid}:${p.w.row.key}`);
    if (a.founded) founded++;
    fingerprints.push({
      item_id: p.w.id,
      story_id: a.storyId,
      first_seq: p.w.row.stream_seq,
      time: new Date(p.time).toISOString(),
      domain: p.fp.domain,
      fingerprint: p.fp,
    });
    for (const key of p.keys) keys.push({ key, item_id: p.w.id });
    updates.push({ item_id: p.w.id, story_id: a.storyId, duplicate: a.duplicate });
  }
  await sql(UPSERT_FINGERPRINTS, [json(fingerprints)]);
  await sql(DELETE_KEYS, [ids]);
  await sql(INSERT_KEYS, [json(keys)]);
  const touched = [...new Set(updates.map((u) => u.story_id))].sort();
  await sql(UPSERT_STORIES, [touched]);
  await sql(UPDATE_ITEMS, [json(updates)]);
  return { founded, joined: prepared.length - founded };
}
