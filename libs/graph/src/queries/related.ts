import type { GraphReadContext, ItemSummary } from './read.ts';
import { clampLimit, itemFields, readRows } from './read.ts';

export interface RelatedItem extends ItemSummary {
  /** Shared entities + shared tags. */
  score: number;
  sharedEntities: number;
  sharedTags: number;
}

/**
 * Items related to one item by shared entities and tags, best first. Hub nodes (a tag on every item)
 * are capped by `fanout` so one popular tag cannot make the query scan the whole graph.
 */
export function relatedItems(
  ctx: GraphReadContext,
  itemId: string,
  opts: { limit?: number; fanout?: number } = {},
): Promise<RelatedItem[]> {
  const L = ctx.labels;
  return readRows<RelatedItem>(
    ctx,
    `MATCH (i:\`${L.Item}\` {id: $itemId})
     CALL (i) {
       MATCH (i)-[:MENTIONS]->(:\`${L.Entity}\`)<-[:MENTIONS]-(o:\`${L.Item}\`)
       WHERE o <> i
       WITH o LIMIT $fanout
       RETURN o, 1 AS e, 0 AS t
       UNION ALL
       MATCH (i)-[:TAGGED]->(:\`${L.Tag}\`)<-[:TAGGED]-(o:\`${L.Item}\`)
       WHERE o <> i
       WITH o LIMIT $fanout
       RETURN o, 0 AS e, 1 AS t
     }
     WITH o, sum(e) AS sharedEntities, sum(t) AS sharedTags
     RETURN ${itemFields('o')}, sharedEntities + sharedTags AS score, sharedEntities, sharedTags
     ORDER BY score DESC, o.published DESC, o.id
     LIMIT $limit`,
    { itemId, limit: clampLimit(opts.limit, 10), fanout: clampLimit(opts.fanout ?? 10_000, 10_000) },
  );
}
