import type { MikroORM } from '@mikro-orm/postgresql';

/** Every `tributary migrate` takes this Postgres advisory lock, so concurrent runs apply each migration once. */
export const MIGRATION_LOCK_KEY = 7_245_116_001;

export interface MigrationReport {
  applied: string[];
  pending: string[];
}

async function withMigrationLock<T>(orm: MikroORM, fn: () => Promise<T>): Promise<T> {
  // Session-level lock: take and release it on one pinned connection, inside a transaction whose
  // lifetime spans the migrations (pg_advisory_xact_lock is released at its end, even on a crash).
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    return fn();
  });
}

/** Applies all pending migrations (or up to `to`), holding the migration lock. */
export async function migrateUp(orm: MikroORM, opts: { to?: string } = {}): Promise<MigrationReport> {
  return withMigrationLock(orm, async () => {
    const done = await orm.migrator.up(opts.to ? { to: opts.to } : undefined);
    const pending = await orm.migrator.getPending();
    return { applied: done.map((m) => m.name), pending: pending.map((m) => m.name) };
  });
}

/** Reverts the last `steps` migrations (`steps: 0` reverts all). */
export async function migrateDown(orm: MikroORM, steps = 1): Promise<MigrationReport> {
  return withMigrationLock(orm, async () => {
    const executed = await orm.migrator.getExecuted();
    const count = steps === 0 ? executed.length : Math.min(steps, executed.length);
    const names = executed.slice(executed.length - count).map((m) => m.name);
    const done = count === 0 ? [] : await orm.migrator.down({ migrations: names });
    const pending = await orm.migrator.getPending();
    return { applied: done.map((m) => m.name), pending: pending.map((m) => m.name) };
  });
}

export async function migrationStatus(orm: MikroORM): Promise<{ executed: string[]; pending: string[] }> {
  const [executed, pending] = await Promise.all([orm.migrator.getExecuted(), orm.migrator.getPending()]);
  return { executed: executed.map((m) => m.name), pending: pending.map((m) => m.name) };
}
