import type { Driver } from 'neo4j-driver';
import type { GraphLabels } from './labels.ts';

export interface GraphCounts {
  /** Live feeds (deleted feeds' tombstones not counted). */
  feeds: number;
  /** Items whose item.upserted event was written (not placeholders made by an early enriched event). */
  items: number;
  authors: number;
  tags: number;
  entities: number;
  links: number;
  published: number;
  writtenBy: number;
  tagged: number;
  mentions: number;
  linksTo: number;
}

/** Node and relationship counts of the projection (`tributary stats`, tests). */
export async function countGraph(driver: Driver, database: string, L: GraphLabels): Promise<GraphCounts> {
  const count = async (cypher: string) => {
    const { records } = await driver.executeQuery(`${cypher} RETURN count(*) AS n`, {}, { database });
    return records[0]?.get('n') as number;
  };
  const nodes = (label: string) => count(`MATCH (:\`${label}\`)`);
  const rels = (type: string, to: string) => count(`MATCH (:\`${L.Item}\`)-[:${type}]->(:\`${to}\`)`);
  return {
    feeds: await count(`MATCH (f:\`${L.Feed}\`) WHERE f.deletedAt IS NULL`),
    items: await count(`MATCH (i:\`${L.Item}\`) WHERE i.contentHash IS NOT NULL`),
    authors: await nodes(L.Author),
    tags: await nodes(L.Tag),
    entities: await nodes(L.Entity),
    links: await nodes(L.Link),
    published: await count(`MATCH (:\`${L.Feed}\`)-[:PUBLISHED]->(:\`${L.Item}\`)`),
    writtenBy: await rels('WRITTEN_BY', L.Author),
    tagged: await rels('TAGGED', L.Tag),
    mentions: await rels('MENTIONS', L.Entity),
    linksTo: await rels('LINKS_TO', L.Item),
  };
}

/**
 * Deletes every node of the projection (all six labels), keeping the schema: the first step of
 * `tributary replay --to graph`, which then re-consumes the streams from the start. Chunked
 * (CALL … IN TRANSACTIONS needs an auto-commit transaction, hence session.run).
 */
export async function clearGraph(driver: Driver, database: string, L: GraphLabels): Promise<void> {
  const session = driver.session({ database });
  try {
    for (const label of [L.Item, L.Feed, L.Author, L.Tag, L.Entity, L.Link]) {
      await session.run(`MATCH (n:\`${label}\`) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`);
    }
  } finally {
    await session.close();
  }
}
