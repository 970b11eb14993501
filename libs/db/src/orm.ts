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
  return MikroORM.init({
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
}
