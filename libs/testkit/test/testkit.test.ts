// useStack() isolates suites and cleans up after them on the real servers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import neo4j from 'neo4j-driver';
import pg from 'pg';
import { useStack } from '@tributary/testkit';

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return r.rowCount === 1;
  } finally {
    await client.end();
  }
}

test('two suites get different resources, and cleanup removes only their own', async () => {
  const a = await useStack();
  const b = await useStack();
  assert.notEqual(a.id, b.id);
  assert.equal(process.env.DATABASE_URL, a.DATABASE_URL);
  assert.equal(process.env.KUBECONFIG, a.KUBECONFIG);

  // Postgres: a fresh database each, usable at once.
  const dbA = await a.createDatabase();
  const dbB = await b.createDatabase();
  assert.notEqual(dbA, dbB);
  const client = new pg.Client({ connectionString: dbA });
  await client.connect();
  await client.query('CREATE TABLE t (x int)');
  await client.end();

  // Kubernetes: a namespace each.
  const core = a.kubeConfig().makeApiClient(CoreV1Api);
  const nsA = await a.createNamespace();
  const nsB = await b.createNamespace();
  assert.notEqual(nsA, nsB);

  // NATS: streams named with each suite's prefix.
  const nc = await connect({ servers: a.NATS_URL });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: a.natsName('EVENTS'), subjects: [a.natsSubject('events.>')] });
  await jsm.streams.add({ name: b.natsName('EVENTS'), subjects: [b.natsSubject('events.>')] });

  // Neo4j: nodes labelled with each suite's prefix.
  const driver = neo4j.driver(a.NEO4J_URL);
  await driver.executeQuery(`CREATE (:${a.neo4jLabel('Thing')} {k: 1}), (:${b.neo4jLabel('Thing')} {k: 2})`);

  await a.cleanup();
  const adminUrl = a.DATABASE_URL.replace(/\/tributary$/, '/postgres');
  assert.equal(await databaseExists(adminUrl, new URL(dbA).pathname.slice(1)), false);
  assert.equal(await databaseExists(adminUrl, new URL(dbB).pathname.slice(1)), true);
  await assert.rejects(core.readNamespace({ name: nsA }), (err: { code?: number }) => err.code === 404);
  assert.equal((await core.readNamespace({ name: nsB })).metadata?.name, nsB);
  const streams: string[] = [];
  for await (const s of jsm.streams.names()) streams.push(s);
  assert.ok(!streams.includes(a.natsName('EVENTS')));
  assert.ok(streams.includes(b.natsName('EVENTS')));
  const count = async (label: string): Promise<number> =>
    (await driver.executeQuery(`MATCH (n:${label}) RETURN count(n) AS c`)).records[0]!.get('c').toNumber();
  assert.equal(await count(a.neo4jLabel('Thing')), 0);
  assert.equal(await count(b.neo4jLabel('Thing')), 1);

  await b.cleanup();
  await b.cleanup(); // idempotent
  assert.ok(!(await databaseExists(adminUrl, new URL(dbB).pathname.slice(1))));
  assert.equal(await count(b.neo4jLabel('Thing')), 0);
  await nc.close();
  await driver.close();
});
