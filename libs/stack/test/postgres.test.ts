// The local Postgres is real: MikroORM 7 (defineEntity, no decorators) runs a migration into a fresh
// database, then persists and queries an entity.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MikroORM, defineEntity, p } from '@mikro-orm/postgresql';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';

const FeedSchema = defineEntity({
  name: 'Feed',
  tableName: 'feed',
  properties: {
    id: p.integer().primary().autoincrement(),
    url: p.string().unique(),
    title: p.string().nullable(),
  },
});

class CreateFeedTable extends Migration {
  override name = 'Migration20250101000000_feed';
  up(): void {
    this.addSql(
      'create table "feed" ("id" serial primary key, "url" varchar(255) not null unique, "title" varchar(255) null)',
    );
  }
  override down(): void {
    this.addSql('drop table "feed"');
  }
}

let env: StackEnv;
before(async () => {
  env = await useStack({ servers: ['postgres'] });
});
after(() => env.cleanup());

test('the stack database exists and is PostgreSQL 15+', async () => {
  const orm = await MikroORM.init({
    clientUrl: env.DATABASE_URL,
    entities: [],
    discovery: { warnWhenNoEntities: false },
  });
  try {
    const [row] = await orm.em
      .getConnection()
      .execute<{ server_version_num: string }[]>('show server_version_num');
    assert.ok(Number(row!.server_version_num) >= 150000);
    assert.equal(new URL(env.DATABASE_URL).pathname, '/tributary');
  } finally {
    await orm.close(true);
  }
});

test('MikroORM migrates a fresh database and round-trips an entity', async () => {
  const clientUrl = await env.createDatabase();
  const orm = await MikroORM.init({
    clientUrl,
    entities: [FeedSchema],
    extensions: [Migrator],
    migrations: {
      migrationsList: [{ name: 'Migration20250101000000_feed', class: CreateFeedTable }],
      snapshot: false,
      silent: true,
    },
  });
  try {
    assert.deepEqual(
      (await orm.migrator.getPending()).map((m) => m.name),
      ['Migration20250101000000_feed'],
    );
    await orm.migrator.up();
    assert.equal((await orm.migrator.getPending()).length, 0);
    assert.equal((await orm.migrator.getExecuted()).length, 1);

    const em = orm.em.fork();
    em.create(FeedSchema, { url: 'https://example.org/feed.xml', title: 'Example' });
    await em.flush();
    const found = await orm.em.fork().findOneOrFail(FeedSchema, { url: 'https://example.org/feed.xml' });
    assert.equal(found.title, 'Example');
    assert.equal(typeof found.id, 'number');
  } finally {
    await orm.close(true);
  }
});
