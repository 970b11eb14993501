import neo4j from 'neo4j-driver';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import {
  citeLinksCypher,
  incomingLinksCypher,
  linkAuthorsCypher,
  linkTagsCypher,
  upsertFeedsCypher,
  upsertItemsCypher,
} from './cypher/items.ts';
import { setMentionsCypher } from './cypher/mentions.ts';
import { purgeItemsCypher, purgeOrphansCypher, tombstoneFeedCypher } from './cypher/purge.ts';
import type { GraphLabels } from './labels.ts';
import { lastPerKey } from './rows.ts';
import type { FeedRow, ItemRow, MentionRow } from './rows.ts';

/** Items deleted per purge transaction: bounds transaction memory for feeds with many items. */
export const PURGE_CHUNK = 5_000;

export interface PurgeResult {
  items: number;
  orphans: number;
}

/**
 * The graph projection's writes. Each call is one transaction (`executeWrite`, which retries
 * transient errors such as deadlocks between concurrent batches), so a consumer can ack a batch as
 * soon as the call resolves.
 */
export class GraphWriter {
  readonly #driver: Driver;
  readonly #database: string;
  readonly #cypher: ReturnType<typeof statements>;

  constructor(driver: Driver, database: string, labels: GraphLabels) {
    this.#driver = driver;
    this.#database = database;
    this.#cypher = statements(labels);
  }

  #write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.#driver.session({
      database: this.#database,
      defaultAccessMode: neo4j.session.WRITE,
    });
    return session.executeWrite(work).finally(() => session.close());
  }

  /** Upserts feeds and items with their authors, tags and links; returns how many items changed. */
  async upsertItems(feeds: FeedRow[], items: ItemRow[]): Promise<{ written: number }> {
    if (items.length === 0 && feeds.length === 0) return { written: 0 };
    const c = this.#cypher;
    const feedRows = lastPerKey(feeds, (f) => f.uid);
    const itemRows = lastPerKey(items, (r) => r.id);
    return this.#write(async (tx) => {
      await tx.run(c.upsertFeeds, { feeds: feedRows });
      const res = await tx.run(c.upsertItems, { rows: itemRows });
      const writtenIds = new Set(res.records.map((r) => r.get('id') as string));
      const rows = itemRows.filter((r) => writtenIds.has(r.id));
      if (rows.length > 0) {
        if (rows.some((r) => r.authors.length > 0)) await tx.run(c.linkAuthors, { rows });
        if (rows.some((r) => r.tags.length > 0)) await tx.run(c.linkTags, { rows });
        if (rows.some((r) => r.links.length > 0)) await tx.run(c.citeLinks, { rows });
        await tx.run(c.incomingLinks, { rows });
      }
      return { written: rows.length };
    });
  }

  /** Replaces the MENTIONS of each item whose entity set changed. */
  async setMentions(rows: MentionRow[]): Promise<void> {
    if (rows.length === 0) return;
    const deduped = lastPerKey(rows, (r) => r.id);
    await this.#write((tx) => tx.run(this.#cypher.setMentions, { rows: deduped }));
  }

  /**
   * Deletes a feed's items and the authors, tags, entities and links only they referenced; the feed
   * node stays as a tombstone (`deletedAt`) so later events of the feed are ignored.
   */
  async purgeFeed(uid: string, deletedAt: string = new Date().toISOString()): Promise<PurgeResult> {
    const c = this.#cypher;
    const total: PurgeResult = { items: 0, orphans: 0 };
    await this.#write((tx) => tx.run(c.tombstoneFeed, { uid, at: deletedAt }));
    for (;;) {
      const chunk = await this.#write(async (tx) => {
        const res = await tx.run(c.purgeItems, { uid, limit: neo4j.int(PURGE_CHUNK) });
        const rec = res.records[0];
        const deleted = (rec?.get('deleted') as number | undefined) ?? 0;
        const ids = (rec?.get('related') as string[] | undefined) ?? [];
        let orphans = 0;
        if (ids.length > 0) {
          const o = await tx.run(c.purgeOrphans, { ids });
          orphans = (o.records[0]?.get('deleted') as number | undefined) ?? 0;
        }
        return { deleted, orphans };
      });
      total.items += chunk.deleted;
      total.orphans += chunk.orphans;
      if (chunk.deleted < PURGE_CHUNK) return total;
    }
  }
}

/** Cypher text is built once per label set, not per batch. */
function statements(L: GraphLabels) {
  return {
    upsertFeeds: upsertFeedsCypher(L),
    upsertItems: upsertItemsCypher(L),
    linkAuthors: linkAuthorsCypher(L),
    linkTags: linkTagsCypher(L),
    citeLinks: citeLinksCypher(L),
    incomingLinks: incomingLinksCypher(L),
    setMentions: setMentionsCypher(L),
    purgeItems: purgeItemsCypher(L),
    purgeOrphans: purgeOrphansCypher(),
    tombstoneFeed: tombstoneFeedCypher(L),
  };
}
