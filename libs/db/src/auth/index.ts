export { AuthUser, AuthIdentity, AuthRefreshToken, authEntities } from './entities.ts';
export { AuthStore, EmailTakenError } from './store.ts';
export type { NewUser, RefreshRecord } from './store.ts';
export { authMigrationSql } from './schema.ts';
