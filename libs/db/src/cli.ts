import { parseCommandArgs, UsageError } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { createLogger } from '@tributary/log';
import { DB_DEFAULTS, databaseUrlFromEnv } from './config.ts';
import { migrateDown, migrateUp, migrationStatus } from './migrate.ts';
import { createOrm } from './orm.ts';

const usage = `usage: tributary migrate [--status] [--down [N]]

Applies pending database migrations to DATABASE_URL (default the local stack's), holding a
Postgres advisory lock so concurrent runs are safe. A Helm hook Job runs this before each release.

  --status   list executed and pending migrations, change nothing
  --down N   revert the last N migrations (default 1; 0 = all)`;

export const migrate: CommandModule = {
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      { status: { type: 'boolean' }, down: { type: 'string' } },
      false,
    );
    const log = createLogger('migrate');
    let downSteps: number | undefined;
    if (values.down !== undefined) {
      downSteps = values.down === '' ? 1 : Number(values.down);
      if (!Number.isInteger(downSteps) || downSteps < 0)
        throw new UsageError(`--down wants a whole number, got "${values.down}"`);
    }
    const orm = await createOrm(databaseUrlFromEnv(), { poolMax: 2, waitMs: DB_DEFAULTS.startupWaitMs });
    try {
      if (values.status) {
        const s = await migrationStatus(orm);
        for (const name of s.executed) console.log(`executed  ${name}`);
        for (const name of s.pending) console.log(`pending   ${name}`);
        return 0;
      }
      const r = downSteps !== undefined ? await migrateDown(orm, downSteps) : await migrateUp(orm);
      log.info(downSteps !== undefined ? 'migrations reverted' : 'migrations applied', {
        count: r.applied.length,
        migrations: r.applied,
      });
      for (const name of r.applied)
        console.log(`${downSteps !== undefined ? 'reverted' : 'applied '}  ${name}`);
      if (r.applied.length === 0) console.log('nothing to do');
      return 0;
    } finally {
      await orm.close();
    }
  },
};
