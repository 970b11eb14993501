import { Migration } from '@mikro-orm/migrations';
import { authMigrationSql } from '../auth/schema.ts';

/** Accounts, provider identities and refresh tokens (owned by the API; entities in ../auth). */
export class Migration20261121000100Auth extends Migration {
  override name = 'Migration20261121000100_auth';

  override up(): void {
    for (const stmt of authMigrationSql) this.addSql(stmt);
  }

  override down(): void {
    for (const table of ['auth_refresh_tokens', 'auth_identities', 'auth_users'])
      this.addSql(`drop table if exists ${table} cascade`);
  }
}
