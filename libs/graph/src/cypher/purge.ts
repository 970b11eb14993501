import type { GraphLabels } from '../labels.ts';

/**
 * Deletes up to `$limit` items of feed `$uid` (chunked so a big feed does not become one huge
 * transaction) and returns the element ids of the nodes they pointed at, for the orphan sweep.
 */
export const purgeItemsCypher = (L: GraphLabels) => `
MATCH (i:\`${L.Item}\` {feedUid: $uid})
WITH i LIMIT $limit
OPTIONAL MATCH (i)-[:WRITTEN_BY|TAGGED|MENTIONS|CITES]->(n)
WITH collect(DISTINCT i) AS items, collect(DISTINCT elementId(n)) AS related
FOREACH (x IN items | DETACH DELETE x)
RETURN size(items) AS deleted, related`;

/** Deletes the authors, tags, entities and links in `$ids` that nothing points at any more. */
export const purgeOrphansCypher = () => `
UNWIND $ids AS eid
MATCH (n) WHERE elementId(n) = eid AND NOT EXISTS { (n)--() }
DELETE n
RETURN count(n) AS deleted`;

/**
 * Marks the feed deleted before its items go. The node stays as a tombstone (Kubernetes uids are
 * never reused), so item or enriched events of the feed that arrive later — redeliveries, a replay
 * reading ITEMS and FEEDS independently — are ignored instead of resurrecting its items.
 */
export const tombstoneFeedCypher = (L: GraphLabels) => `
MERGE (f:\`${L.Feed}\` {uid: $uid})
SET f.deletedAt = coalesce(f.deletedAt, $at)`;
