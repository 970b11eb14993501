/**
 * Users, their external identities (Google, GitHub) and refresh tokens. Owned by the API; the
 * schema is created by this folder's migration (`migrations/` in libs/db, auth file).
 */
import { defineEntity, p } from '@mikro-orm/core';
import type { InferEntity } from '@mikro-orm/core';

export const AuthUser = defineEntity({
  name: 'AuthUser',
  tableName: 'auth_users',
  // GET /users pages on (created_at, id).
  indexes: [{ properties: ['createdAt', 'id'] }],
  properties: {
    id: p.uuid().primary(),
    /** Lower-cased; unique. */
    email: p.string().length(254).unique(),
    name: p.string().length(200).nullable(),
    /** scrypt hash (see @tributary/auth); null for accounts that only sign in through a provider. */
    passwordHash: p.string().length(256).nullable(),
    role: p.string().length(16),
    emailVerified: p.boolean(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type AuthUser = InferEntity<typeof AuthUser>;

export const AuthIdentity = defineEntity({
  name: 'AuthIdentity',
  tableName: 'auth_identities',
  uniques: [{ properties: ['provider', 'subject'] }],
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(AuthUser).mapToPk().deleteRule('cascade').index(),
    provider: p.string().length(16),
    subject: p.string().length(255),
    email: p.string().length(254).nullable(),
    createdAt: p.datetime(),
  },
});
export type AuthIdentity = InferEntity<typeof AuthIdentity>;

export const AuthRefreshToken = defineEntity({
  name: 'AuthRefreshToken',
  tableName: 'auth_refresh_tokens',
  properties: {
    id: p.uuid().primary(),
    /** SHA-256 hex of the opaque token; the token itself is never stored. */
    tokenHash: p.string().length(64).unique(),
    user: () => p.manyToOne(AuthUser).mapToPk().deleteRule('cascade').index(),
    /** One family per sign-in; every rotation stays in it, reuse revokes all of it. */
    familyId: p.uuid().index(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});
export type AuthRefreshToken = InferEntity<typeof AuthRefreshToken>;

export const authEntities = [AuthUser, AuthIdentity, AuthRefreshToken];
