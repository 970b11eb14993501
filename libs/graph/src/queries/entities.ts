import type { EntityType } from '../entity.ts';
import type { GraphReadContext, ItemSummary } from './read.ts';
import { clampLimit, itemFields, readRows } from './read.ts';

export interface EntityCount {
  id: string;
  type: EntityType;
  name: string;
  /** Distinct items mentioning the entity. */
  items: number;
  /** Sum of mention counts over those items. */
  mentions: number;
}

/** The most-mentioned entities, optionally of one type and/or within one feed. */
export function topEntities(
  ctx: GraphReadContext,
  opts: { type?: EntityType; feedUid?: string; limit?: number } = {},
): Promise<EntityCount[]> {
  const L = ctx.labels;
  return readRows<EntityCount>(
    ctx,
    `MATCH (i:\`${L.Item}\`)-[m:MENTIONS]->(e:\`${L.Entity}\`)
     WHERE ($type IS NULL OR e.type = $type) AND ($feedUid IS NULL OR i.feedUid = $feedUid)
     WITH e, count(DISTINCT i) AS items, sum(m.count) AS mentions
     RETURN e.id AS id, e.type AS type, e.name AS name, items, mentions
     ORDER BY items DESC, mentions DESC, id
     LIMIT $limit`,
    { type: opts.type ?? null, feedUid: opts.feedUid ?? null, limit: clampLimit(opts.limit, 20) },
  );
}

/** Items mentioning an entity (by `Entity.id`), newest first. */
export function itemsMentioning(
  ctx: GraphReadContext,
  entityId: string,
  opts: { limit?: number } = {},
): Promise<(ItemSummary & { count: number })[]> {
  const L = ctx.labels;
  return readRows(
    ctx,
    `MATCH (i:\`${L.Item}\`)-[m:MENTIONS]->(:\`${L.Entity}\` {id: $entityId})
     RETURN ${itemFields('i')}, m.count AS count
     ORDER BY i.published DESC, i.id
     LIMIT $limit`,
    { entityId, limit: clampLimit(opts.limit, 50) },
  );
}
