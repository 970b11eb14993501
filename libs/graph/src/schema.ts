import type { Driver } from 'neo4j-driver';
import type { GraphLabels } from './labels.ts';

/**
 * Constraints and indexes, created before any MERGE (a MERGE without a unique constraint is a label
 * scan). Names carry the label prefix so each test suite owns its own set.
 */
export function schemaStatements(L: GraphLabels): string[] {
  const n = (name: string) => `\`${L.prefix}${name}\``;
  const unique = (name: string, label: string, prop: string) =>
    `CREATE CONSTRAINT ${n(name)} IF NOT EXISTS FOR (n:\`${label}\`) REQUIRE n.${prop} IS UNIQUE`;
  const index = (name: string, label: string, prop: string) =>
    `CREATE INDEX ${n(name)} IF NOT EXISTS FOR (n:\`${label}\`) ON (n.${prop})`;
  return [
    unique('feed_uid', L.Feed, 'uid'),
    unique('item_id', L.Item, 'id'),
    unique('author_name', L.Author, 'name'),
    unique('tag_name', L.Tag, 'name'),
    unique('entity_id', L.Entity, 'id'),
    unique('link_url', L.Link, 'url'),
    // LINKS_TO: "which items have this URL as their link".
    index('item_link', L.Item, 'link'),
    // Feed purge and per-feed reads.
    index('item_feed_uid', L.Item, 'feedUid'),
    // Recent items first.
    index('item_published', L.Item, 'published'),
    // Top entities by type.
    index('entity_type', L.Entity, 'type'),
  ];
}

/** Neo4j codes meaning "an equivalent rule exists": another replica won the race. */
const ALREADY_EXISTS = new Set([
  'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists',
  'Neo.ClientError.Schema.ConstraintAlreadyExists',
  'Neo.ClientError.Schema.IndexAlreadyExists',
]);

/** Creates the schema (idempotent, safe from concurrent replicas) and waits for indexes to be online. */
export async function ensureGraphSchema(
  driver: Driver,
  database: string,
  labels: GraphLabels,
): Promise<void> {
  for (const statement of schemaStatements(labels)) {
    try {
      await driver.executeQuery(statement, {}, { database });
    } catch (err) {
      if (!ALREADY_EXISTS.has((err as { code?: string }).code ?? '')) throw err;
    }
  }
  await driver.executeQuery('CALL db.awaitIndexes(120)', {}, { database });
}

/** Names of this prefix's constraints and indexes present in the database. */
export async function listGraphSchema(
  driver: Driver,
  database: string,
  labels: GraphLabels,
): Promise<{ constraints: string[]; indexes: string[] }> {
  const names = async (what: 'CONSTRAINTS' | 'INDEXES') => {
    const { records } = await driver.executeQuery(
      `SHOW ${what} YIELD name WHERE name STARTS WITH $prefix RETURN name ORDER BY name`,
      { prefix: labels.prefix },
      { database },
    );
    return records.map((r) => r.get('name') as string);
  };
  return { constraints: await names('CONSTRAINTS'), indexes: await names('INDEXES') };
}
