import { Migration } from '@mikro-orm/migrations';

/**
 * Stories (docs/stories.md): the story rows the API lists, each item's story and near-duplicate
 * flag, and the incremental matching state — one fingerprint per item and its lookup keys (LSH
 * bands, links, names) — written by the store writer in the item's own transaction.
 */
export class Migration20261203000000Stories extends Migration {
  override name = 'Migration20261203000000_stories';

  override up(): void {
    this.addSql(`
      create table stories (
        id varchar(64) primary key,
        lead_item_id bigint null constraint stories_lead_item_id_foreign references items (id) on update cascade on delete set null,
        title text null,
        first_seen timestamptz not null,
        last_seen timestamptz not null,
        item_count int not null,
        source_count int not null,
        sources jsonb not null
      )`);
    // GET /stories: newest (last_seen) and biggest (source diversity, then size), keyset on id.
    this.addSql(`create index stories_last_seen_idx on stories (last_seen desc, id desc)`);
    this.addSql(
      `create index stories_biggest_idx on stories (source_count desc, item_count desc, last_seen desc, id desc)`,
    );
    this.addSql(`alter table items add column story_id varchar(64) null`);
    this.addSql(`alter table items add column near_duplicate boolean not null default false`);
    this.addSql(
      `alter table items add constraint items_story_id_foreign foreign key (story_id) references stories (id) on update cascade on delete set null`,
    );
    this.addSql(`create index items_story_idx on items (story_id)`);
    this.addSql(`
      create table story_fingerprints (
        item_id bigint primary key constraint story_fingerprints_item_id_foreign references items (id) on update cascade on delete cascade,
        story_id varchar(64) not null,
        first_seq bigint not null,
        time timestamptz not null,
        domain text not null,
        fingerprint jsonb not null
      )`);
    this.addSql(`create index story_fingerprints_story_idx on story_fingerprints (story_id)`);
    this.addSql(`
      create table story_keys (
        key text not null,
        item_id bigint not null constraint story_keys_item_id_foreign references items (id) on update cascade on delete cascade,
        primary key (key, item_id)
      )`);
    this.addSql(`create index story_keys_item_idx on story_keys (item_id)`);
  }

  override down(): void {
    this.addSql(`drop table if exists story_keys cascade`);
    this.addSql(`drop table if exists story_fingerprints cascade`);
    this.addSql(`alter table items drop column if exists story_id`);
    this.addSql(`alter table items drop column if exists near_duplicate`);
    this.addSql(`drop table if exists stories cascade`);
  }
}
