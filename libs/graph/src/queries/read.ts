import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import type { GraphLabels } from '../labels.ts';

/** Where read queries run: a driver, the database and the label set. */
export interface GraphReadContext {
  driver: Driver;
  database: string;
  labels: GraphLabels;
}

/** Upper bound on any list a read query returns: API callers cannot ask for unbounded scans. */
export const MAX_LIMIT = 200;

export const clampLimit = (limit: number | undefined, fallback: number) =>
  neo4j.int(Math.max(1, Math.min(MAX_LIMIT, Math.trunc(limit ?? fallback))));

export async function readRows<T>(
  ctx: GraphReadContext,
  cypher: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  const { records } = await ctx.driver.executeQuery(cypher, params, {
    database: ctx.database,
    routing: neo4j.routing.READ,
  });
  return records.map((r) => r.toObject() as T);
}

export interface ItemSummary {
  id: string;
  feedUid: string;
  key: string;
  title: string | null;
  link: string | null;
  published: string | null;
}

export const itemFields = (v: string) =>
  `${v}.id AS id, ${v}.feedUid AS feedUid, ${v}.key AS key, ${v}.title AS title, ${v}.link AS link, ${v}.published AS published`;
