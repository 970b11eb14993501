// The local Neo4j is real: neo4j-driver creates a uniqueness constraint and MERGEs (idempotently).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';

let env: StackEnv;
let driver: Driver;
before(async () => {
  env = await useStack({ servers: ['neo4j'] });
  driver = neo4j.driver(env.NEO4J_URL);
});
after(async () => {
  await driver?.close();
  await env.cleanup();
});

test('Neo4j 5.26 answers over Bolt without auth', async () => {
  const info = await driver.getServerInfo();
  assert.match(info.agent ?? '', /^Neo4j\/5\.26\./);
});

test('a uniqueness constraint and MERGE keep one node per key', async () => {
  const Item = env.neo4jLabel('Item');
  await driver.executeQuery(
    `CREATE CONSTRAINT ${Item}_key IF NOT EXISTS FOR (n:${Item}) REQUIRE n.key IS UNIQUE`,
    {},
    { database: 'neo4j' },
  );
  const rows = [
    { key: 'a', title: 'first' },
    { key: 'b', title: 'second' },
    { key: 'a', title: 'first, updated' },
  ];
  for (const row of rows) {
    await driver.executeQuery(`MERGE (n:${Item} {key: $key}) SET n.title = $title`, row, {
      database: 'neo4j',
    });
  }
  const { records } = await driver.executeQuery(
    `MATCH (n:${Item}) RETURN n.key AS key, n.title AS title ORDER BY key`,
    {},
    { database: 'neo4j' },
  );
  assert.deepEqual(
    records.map((r) => [r.get('key'), r.get('title')]),
    [
      ['a', 'first, updated'],
      ['b', 'second'],
    ],
  );
  await assert.rejects(
    driver.executeQuery(`CREATE (:${Item} {key: 'b'})`, {}, { database: 'neo4j' }),
    /already exists/,
  );
});
