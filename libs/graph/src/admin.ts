import type { Driver } from 'neo4j-driver';
import { GraphError } from './errors.ts';
import type { GraphLabels } from './labels.ts';

export interface GraphCounts {
  feeds: number;
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
    feeds: await nodes(L.Feed),
    items: await nodes(L.Item),
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
 * Deletes every node of a prefixed label set and its constraints/indexes (test teardown). Refuses
 * the empty prefix: that would be the production graph.
 */
export async function dropGraph(driver: Driver, database: string, L: GraphLabels): Promise<void> {
  if (L.prefix === '')
    throw new GraphError('UNSAFE_OPERATION', 'refusing to drop the unprefixed (production) graph');
  // CALL … IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
  const session = driver.session({ database });
  try {
    for (const label of [L.Item, L.Feed, L.Author, L.Tag, L.Entity, L.Link]) {
      await session.run(`MATCH (n:\`${label}\`) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`);
    }
  } finally {
    await session.close();
  }
  const names = async (cypher: string) => {
    const { records } = await driver.executeQuery(cypher, { prefix: L.prefix }, { database });
    return records.map((r) => r.get('name') as string);
  };
  for (const name of await names('SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH $prefix RETURN name')) {
    await driver.executeQuery(`DROP CONSTRAINT \`${name}\` IF EXISTS`, {}, { database });
  }
  // Indexes backing a constraint went away with it.
  const indexes = await names(
    'SHOW INDEXES YIELD name, owningConstraint WHERE name STARTS WITH $prefix AND owningConstraint IS NULL RETURN name',
  );
  for (const name of indexes) await driver.executeQuery(`DROP INDEX \`${name}\` IF EXISTS`, {}, { database });
}
