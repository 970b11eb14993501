import { retryUntil } from '@tributary/command';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { DB_DEFAULTS, databaseUrlFromEnv } from './config.ts';
import { coreEntities } from './entities/index.ts';
import { authEntities } from './auth/entities.ts';
import { migrations } from './migrations/index.ts';

export interface CreateOrmOptions {
  /** More entities (another team's subfolder) next to the core ones. */
  entities?: EntitySchema[];
  poolMax?: number;
  /** Log SQL (MikroORM debug). */
  debug?: boolean;
  /**
   * Wait this long (ms) for PostgreSQL to answer before resolving: a role's pod may start before the
   * database is ready, or before the NetworkPolicy enforcer admits the pod's new address. 0: no wait.
   */
  waitMs?: number;
}

/** The migrations table; named so it cannot clash with an application table. */
export const MIGRATIONS_TABLE = 'tributary_migrations';

/**
 * A MikroORM instance for DATABASE_URL (or `databaseUrl`). It never creates or migrates the schema:
 * that is `tributary migrate`'s job (one Job per release, not every replica).
 */
export async function createOrm(
  databaseUrl: string = databaseUrlFromEnv(),
  opts: CreateOrmOptions = {},
): Promise<MikroORM> {
  const orm = await MikroORM.init({
    clientUrl: databaseUrl,
    // The auth tables are part of the migrated schema, so their entities are always known.
    entities: [...coreEntities, ...authEntities, ...(opts.entities ?? [])],
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      tableName: MIGRATIONS_TABLE,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { max: opts.poolMax ?? DB_DEFAULTS.poolMax },
    debug: opts.debug ?? false,
    // Code must fork an EntityManager per request/batch; the global one would leak identity maps.
    allowGlobalContext: false,
  });
  if (opts.waitMs) await waitForDatabase(orm, opts.waitMs);
  return orm;
}

/** Polls until PostgreSQL answers; after `timeoutMs` closes the ORM and rejects with the reason. */
async function waitForDatabase(orm: MikroORM, timeoutMs: number): Promise<void> {
  try {
    await retryUntil(async () => {
      // init() leaves the connection to the first query; connect() then `select 1` asks now.
      if (!(await orm.isConnected())) await orm.connect().catch(() => undefined);
      const check = await orm.checkConnection();
      if (!check.ok) throw new Error(check.reason, { cause: check.error });
    }, timeoutMs);
  } catch (err) {
    await orm.close(true);
    throw new Error(
      `PostgreSQL did not answer within ${Math.round(timeoutMs / 1000)} s: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
