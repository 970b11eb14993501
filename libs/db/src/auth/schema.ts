/** DDL for the auth tables: the auth migration applies it (kept here so tests can apply it too). */
export const authMigrationSql = [
  `create table if not exists "auth_users" (
    "id" uuid primary key,
    "email" varchar(254) not null unique,
    "name" varchar(200) null,
    "password_hash" varchar(256) null,
    "role" varchar(16) not null check ("role" in ('viewer', 'editor', 'admin')),
    "email_verified" boolean not null default false,
    "created_at" timestamptz not null,
    "updated_at" timestamptz not null
  )`,
  `create index if not exists "auth_users_created_at_id_index" on "auth_users" ("created_at", "id")`,
  `create table if not exists "auth_identities" (
    "id" uuid primary key,
    "user_id" uuid not null references "auth_users" ("id") on delete cascade,
    "provider" varchar(16) not null,
    "subject" varchar(255) not null,
    "email" varchar(254) null,
    "created_at" timestamptz not null,
    constraint "auth_identities_provider_subject_unique" unique ("provider", "subject")
  )`,
  `create index if not exists "auth_identities_user_id_index" on "auth_identities" ("user_id")`,
  `create table if not exists "auth_refresh_tokens" (
    "id" uuid primary key,
    "token_hash" varchar(64) not null unique,
    "user_id" uuid not null references "auth_users" ("id") on delete cascade,
    "family_id" uuid not null,
    "expires_at" timestamptz not null,
    "used_at" timestamptz null,
    "revoked_at" timestamptz null,
    "created_at" timestamptz not null
  )`,
  `create index if not exists "auth_refresh_tokens_user_id_index" on "auth_refresh_tokens" ("user_id")`,
  `create index if not exists "auth_refresh_tokens_family_id_index" on "auth_refresh_tokens" ("family_id")`,
];
