import { CompiledQuery } from 'kysely';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConsumedEvent } from '@tributary/events';
import { planFeeds, planItems } from './plan.ts';
import type { FetchRunRow } from './plan.ts';
import * as q from './sql.ts';
import { json } from './json.ts';
import { assignStories, purgeStories } from './stories.ts';

/** Runs one statement with bind parameters and returns its rows. */
export type Sql = <R = Record<string, unknown>>(
  text: string,
  params: unknown[],
) => Promise<{ rows: R[]; affected: number }>;

export interface ItemsWriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Of the inserted/updated items: how many started a story, how many joined one. */
  storiesFounded: number;
  storiesJoined: number;
  /** Events of feeds already deleted (tombstoned): dropped. */
  skipped: number;
}

export interface FeedsWriteResult {
  runs: number;
  purgedFeeds: number;
}

async function tombstoned(sql: Sql, uids: string[]): Promise<Set<string>> {
  if (uids.length === 0) return new Set();
  const r = await sql<{ uid: string }>(q.SELECT_TOMBSTONES, [uids]);
  return new Set(r.rows.map((x) => x.uid));
}

/** Writes a batch of item.upserted events inside the caller's transaction. */
export async function writeItems(sql: Sql, batch: readonly ConsumedEvent[]): Promise<ItemsWriteResult> {
  const uids = [
    ...new Set(batch.flatMap((c) => (c.event.type === 'item.upserted' ? [c.event.data.feed.uid] : []))),
  ];
  const dead = await tombstoned(sql, uids);
  const plan = planItems(batch, dead);
  const skipped = batch.filter(
    (c) => c.event.type === 'item.upserted' && dead.has(c.event.data.feed.uid),
  ).length;
  if (plan.items.length === 0)
    return { inserted: 0, updated: 0, unchanged: 0, skipped, storiesFounded: 0, storiesJoined: 0 };

  await sql(q.UPSERT_FEED_REFS, [json(plan.feeds)]);
  const written = await sql<{ id: string; feed_uid: string; key: string; inserted: boolean }>(
    q.UPSERT_ITEMS,
    [json(plan.items)],
  );

  const index = new Map(plan.items.map((it, i) => [`${it.feed_uid}\u0000${it.key}`, i]));
  const feedOf = new Map(plan.feeds.map((f) => [f.uid, f]));
  const storyItems = [];
  const updatedIds: string[] = [];
  const authorLinks: Array<{ item_id: string; name: string; email: string; uri: string }> = [];
  const categoryLinks: Array<{ item_id: string; name: string }> = [];
  let inserted = 0;
  for (const row of written.rows) {
    if (row.inserted) inserted++;
    else updatedIds.push(row.id);
    const i = index.get(`${row.feed_uid}\u0000${row.key}`)!;
    storyItems.push({ id: row.id, row: plan.items[i]!, feed: feedOf.get(row.feed_uid)! });
    for (const a of plan.authors[i]!) authorLinks.push({ item_id: row.id, ...a });
    for (const name of plan.categories[i]!) categoryLinks.push({ item_id: row.id, name });
  }
  if (updatedIds.length > 0) for (const stmt of q.DELETE_ITEM_JOINS) await sql(stmt, [updatedIds]);
  if (authorLinks.length > 0) {
    await sql(q.INSERT_AUTHORS, [json(authorLinks)]);
    await sql(q.LINK_AUTHORS, [json(authorLinks)]);
  }
  if (categoryLinks.length > 0) {
    await sql(q.INSERT_CATEGORIES, [json(categoryLinks)]);
    await sql(q.LINK_CATEGORIES, [json(categoryLinks)]);
  }
  const stories = await assignStories(sql, storyItems);
  return {
    storiesFounded: stories.founded,
    storiesJoined: stories.joined,
    inserted,
    updated: updatedIds.length,
    unchanged: plan.items.length - written.rows.length,
    skipped,
  };
}

/** Per feed: its latest run, with the latest successful fetch time of the batch. */
function latestPerFeed(runs: FetchRunRow[]): Array<FetchRunRow & { last_success_at: string | null }> {
  const latest = new Map<string, FetchRunRow & { last_success_at: string | null }>();
  const newer = (a: string | null, b: string | null) =>
    a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b;
  for (const r of runs) {
    const prev = latest.get(r.feed_uid);
    const success = newer(prev?.last_success_at ?? null, r.success ? r.finished_at : null);
    const base = !prev || Date.parse(prev.finished_at) < Date.parse(r.finished_at) ? r : prev;
    latest.set(r.feed_uid, { ...base, last_success_at: success });
  }
  return [...latest.values()];
}

/** Writes a batch of feed.fetched / feed.deleted events inside the caller's transaction. */
export async function writeFeeds(sql: Sql, batch: readonly ConsumedEvent[]): Promise<FeedsWriteResult> {
  const uids = [
    ...new Set(batch.flatMap((c) => (c.event.type === 'feed.fetched' ? [c.event.data.feed.uid] : []))),
  ];
  const plan = planFeeds(batch, await tombstoned(sql, uids));
  if (plan.runs.length > 0) {
    await sql(q.UPSERT_FEED_FETCH_STATE, [json(latestPerFeed(plan.runs))]);
    await sql(q.INSERT_FETCH_RUNS, [json(plan.runs)]);
  }
  let purgedFeeds = 0;
  if (plan.deletedUids.length > 0) {
    // Tombstone first: item events of this feed still queued in ITEMS must not re-create it.
    await sql(q.INSERT_TOMBSTONES, [plan.deletedUids]);
    purgedFeeds = await purgeStories(
      sql,
      plan.deletedUids,
      async () => (await sql(q.DELETE_FEEDS, [plan.deletedUids])).affected,
    );
  }
  return { runs: plan.runs.length, purgedFeeds };
}

/** Runs `fn` in one Postgres transaction on a forked EntityManager, with a raw-SQL executor bound to it. */
export async function inTransaction<T>(orm: MikroORM, fn: (sql: Sql) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(async (tx) => {
    const db = tx.getKysely();
    const sql: Sql = async (text, params) => {
      const r = await db.executeQuery(CompiledQuery.raw(text, params));
      return { rows: r.rows as never[], affected: Number(r.numAffectedRows ?? 0) };
    };
    return fn(sql);
  });
}
