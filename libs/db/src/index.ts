/**
 * @tributary/db — the Postgres projection: MikroORM 7 entities (defineEntity), hand-written
 * migrations applied only by `tributary migrate`, and createOrm().
 */
export { createOrm, MIGRATIONS_TABLE } from './orm.ts';
export type { CreateOrmOptions } from './orm.ts';
export { databaseUrlFromEnv, DB_DEFAULTS, DbConfigError } from './config.ts';
export { migrateUp, migrateDown, migrationStatus, MIGRATION_LOCK_KEY } from './migrate.ts';
export type { MigrationReport } from './migrate.ts';
export { migrations } from './migrations/index.ts';
export * from './entities/index.ts';
