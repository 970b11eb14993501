import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { createOrm, migrateDown, migrateUp, migrationStatus, MIGRATIONS_TABLE } from '../src/index.ts';

let env: StackEnv;
before(async () => {
  env = await useStack({ servers: ['postgres'] });
});
after(() => env.cleanup());

async function tables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    return r.rows.map((x) => x.table_name);
  } finally {
    await c.end();
  }
}

test('concurrent migrates apply each migration once; the entities match the migrated schema', async () => {
  const url = await env.createDatabase();
  const orms = await Promise.all([
    createOrm(url, { poolMax: 2 }),
    createOrm(url, { poolMax: 2 }),
    createOrm(url, { poolMax: 2 }),
  ]);
  try {
    const reports = await Promise.all(orms.map((orm) => migrateUp(orm)));
    const applied = reports.flatMap((r) => r.applied);
    assert.equal(applied.length, new Set(applied).size, 'no migration applied twice');
    assert.ok(applied.includes('Migration20261121000000_core'));
    for (const r of reports) assert.deepEqual(r.pending, []);
    const t = await tables(url);
    for (const name of [
      'feeds',
      'items',
      'authors',
      'categories',
      'item_authors',
      'item_categories',
      'fetch_runs',
      'feed_tombstones',
      MIGRATIONS_TABLE,
    ]) {
      assert.ok(t.includes(name), `table ${name}`);
    }
    // What the ORM would change to match its entities: nothing (the hand-written SQL and the
    // entity definitions agree, indexes included).
    const diff = await orms[0]!.schema.getUpdateSchemaSQL({ wrap: false });
    assert.equal(diff.trim(), '');
  } finally {
    await Promise.all(orms.map((o) => o.close()));
  }
});

test('migrations go down and up again', async () => {
  const url = await env.createDatabase();
  const orm = await createOrm(url, { poolMax: 2 });
  try {
    await migrateUp(orm);
    const down = await migrateDown(orm, 0);
    assert.ok(down.applied.includes('Migration20261121000000_core'));
    assert.deepEqual(await tables(url), [MIGRATIONS_TABLE]);
    assert.deepEqual((await migrationStatus(orm)).executed, []);
    const up = await migrateUp(orm);
    assert.deepEqual(up.pending, []);
    assert.ok((await tables(url)).includes('items'));
  } finally {
    await orm.close();
  }
});

test('search is a weighted, generated tsvector: a title hit ranks above a content hit', async () => {
  const url = await env.createDatabase();
  const orm = await createOrm(url, { poolMax: 2 });
  try {
    await migrateUp(orm);
    const em = orm.em.fork();
    await em.execute(
      `insert into feeds (uid, namespace, name, url) values ('f', 'ns', 'n', 'https://e.org/f')`,
    );
    await em.execute(
      `insert into items (feed_uid, key, guid, link, title, summary, content, language, content_hash, enclosures, stream_seq)
       values ('f', 'a', '', '', 'kubernetes operators', '', '', 'en', 'x', '[]', 1),
              ('f', 'b', '', '', 'other', '', '<p>kubernetes deep in the body</p>', 'en', 'y', '[]', 2)`,
    );
    const rows = await em.execute<Array<{ key: string }>>(
      `select key from items where search @@ plainto_tsquery('simple', 'kubernetes')
       order by ts_rank(search, plainto_tsquery('simple', 'kubernetes')) desc`,
    );
    assert.deepEqual(
      rows.map((r) => r.key),
      ['a', 'b'],
    );
  } finally {
    await orm.close();
  }
});

test('createOrm with waitMs: resolves once PostgreSQL answers, and rejects with the reason when it never does', async () => {
  const orm = await createOrm(await env.createDatabase(), { poolMax: 1, waitMs: 10_000 });
  try {
    assert.deepEqual(await orm.checkConnection(), { ok: true });
  } finally {
    await orm.close();
  }
  // A port nothing listens on (the database's port, shifted out of the stack's range).
  const closed = new URL(await env.createDatabase());
  closed.port = '1';
  await assert.rejects(
    createOrm(closed.href, { poolMax: 1, waitMs: 1_500 }),
    /PostgreSQL did not answer within 2 s: .*ECONNREFUSED/,
  );
});
