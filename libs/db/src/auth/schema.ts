/**
 * DDL for the auth tables, applied by the auth migration. It is exactly what MikroORM derives from
 * `entities.ts` (libs/db's migration test checks that the schema and the entities agree).
 */
export const authMigrationSql = [
  `create table "auth_users" ("id" uuid not null, "email" varchar(254) not null, "name" varchar(200) null, "password_hash" varchar(256) null, "role" varchar(16) not null, "email_verified" boolean not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"))`,
  `create index "auth_users_created_at_id_index" on "auth_users" ("created_at", "id")`,
  `alter table "auth_users" add constraint "auth_users_email_unique" unique ("email")`,
  `create table "auth_refresh_tokens" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "family_id" uuid not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"))`,
  `alter table "auth_refresh_tokens" add constraint "auth_refresh_tokens_token_hash_unique" unique ("token_hash")`,
  `create index "auth_refresh_tokens_user_id_index" on "auth_refresh_tokens" ("user_id")`,
  `create index "auth_refresh_tokens_family_id_index" on "auth_refresh_tokens" ("family_id")`,
  `create table "auth_identities" ("id" uuid not null, "user_id" uuid not null, "provider" varchar(16) not null, "subject" varchar(255) not null, "email" varchar(254) null, "created_at" timestamptz not null, primary key ("id"))`,
  `create index "auth_identities_user_id_index" on "auth_identities" ("user_id")`,
  `alter table "auth_identities" add constraint "auth_identities_provider_subject_unique" unique ("provider", "subject")`,
  `alter table "auth_refresh_tokens" add constraint "auth_refresh_tokens_user_id_foreign" foreign key ("user_id") references "auth_users" ("id") on delete cascade`,
  `alter table "auth_identities" add constraint "auth_identities_user_id_foreign" foreign key ("user_id") references "auth_users" ("id") on delete cascade`,
];
