import type { GraphLabels } from '../labels.ts';

/**
 * `$rows`: MentionRow[]. Replaces an item's MENTIONS set when its digest changed (an identical
 * re-enrichment writes nothing, an older one never overwrites a newer one). The item node is merged because ENRICHED and ITEMS are consumed
 * independently and the enriched event may win the race; the item event fills in the rest. Items
 * of a deleted (tombstoned) feed are skipped.
 */
export const setMentionsCypher = (L: GraphLabels) => `
UNWIND $rows AS r
OPTIONAL MATCH (f:\`${L.Feed}\` {uid: r.feedUid})
WITH r WHERE f IS NULL OR f.deletedAt IS NULL
MERGE (i:\`${L.Item}\` {id: r.id})
  ON CREATE SET i.feedUid = r.feedUid, i.key = r.key
WITH i, r
WHERE (i.mentionsHash IS NULL OR i.mentionsHash <> r.hash)
  AND (i.mentionsAt IS NULL OR i.mentionsAt <= r.eventAt)
SET i.mentionsHash = r.hash, i.mentionsAt = r.eventAt
WITH i, r
CALL (i) {
  OPTIONAL MATCH (i)-[old:MENTIONS]->()
  DELETE old
}
UNWIND r.entities AS e
MERGE (n:\`${L.Entity}\` {id: e.id})
  ON CREATE SET n.type = e.type, n.name = e.name
MERGE (i)-[m:MENTIONS]->(n)
SET m.count = e.count`;
