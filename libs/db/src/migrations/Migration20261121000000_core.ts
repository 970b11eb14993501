import { Migration } from '@mikro-orm/migrations';

/**
 * The store's schema: feeds, items (+ full-text search), authors, categories, their join tables,
 * fetch runs and feed tombstones. Written by hand (not generated) because the generated tsvector
 * column and the expression/partial indexes are the point; `test/schema.test.ts` checks that the
 * entities and this schema agree.
 */
export class Migration20261121000000Core extends Migration {
  override name = 'Migration20261121000000_core';

  override up(): void {
    this.addSql(`
      create table feeds (
        uid varchar(255) primary key,
        namespace varchar(255) not null,
        name varchar(255) not null,
        url text not null,
        tags text[] not null default '{}',
        enrich_entities boolean not null default true,
        last_fetch_at timestamptz null,
        last_success_at timestamptz null,
        last_outcome varchar(255) null,
        last_http_status int null,
        last_error text null,
        consecutive_failures int not null default 0,
        last_item_time timestamptz null,
        effective_url text null,
        next_fetch_at timestamptz null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint feeds_namespace_name_uid_unique unique (namespace, name, uid)
      )`);
    this.addSql(`
      create table feed_tombstones (
        uid varchar(255) primary key,
        deleted_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table items (
        id bigserial primary key,
        feed_uid varchar(255) not null constraint items_feed_uid_foreign references feeds (uid) on delete cascade,
        key text not null,
        guid text not null,
        link text not null,
        title text not null,
        summary text not null,
        content text not null,
        published timestamptz null,
        updated timestamptz null,
        language varchar(255) not null,
        content_hash varchar(64) not null,
        enclosures jsonb not null,
        stream_seq bigint not null,
        first_seen_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        search tsvector generated always as (
          setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(summary, '')), 'B') ||
          setweight(to_tsvector('simple', left(coalesce(content, ''), 100000)), 'C')
        ) stored,
        constraint items_feed_uid_key_unique unique (feed_uid, key)
      )`);
    // The API's queries: a feed's items newest first, the global timeline, cursor pagination on
    // (published, id), filters by language, and full-text search.
    this.addSql(
      `create index items_feed_published_idx on items (feed_uid, published desc nulls last, id desc)`,
    );
    this.addSql(`create index items_published_idx on items (published desc nulls last, id desc)`);
    this.addSql(
      `create index items_language_published_idx on items (language, published desc nulls last, id desc)`,
    );
    this.addSql(`create index items_search_idx on items using gin (search)`);

    this.addSql(`
      create table authors (
        id bigserial primary key,
        name text not null,
        email text not null default '',
        uri text not null default '',
        constraint authors_name_email_uri_unique unique (name, email, uri)
      )`);
    this.addSql(`create index authors_lower_name_idx on authors (lower(name))`);
    this.addSql(`
      create table categories (
        id bigserial primary key,
        name text not null,
        constraint categories_name_unique unique (name)
      )`);
    this.addSql(`create index categories_lower_name_idx on categories (lower(name))`);
    // Join tables: the primary key serves item → tags; the second index serves tag → items.
    this.addSql(`
      create table item_authors (
        item_id bigint not null constraint item_authors_item_id_foreign references items (id) on update cascade on delete cascade,
        author_id bigint not null constraint item_authors_author_id_foreign references authors (id) on update cascade on delete cascade,
        primary key (item_id, author_id)
      )`);
    this.addSql(`create index item_authors_author_idx on item_authors (author_id, item_id)`);
    this.addSql(`
      create table item_categories (
        item_id bigint not null constraint item_categories_item_id_foreign references items (id) on update cascade on delete cascade,
        category_id bigint not null constraint item_categories_category_id_foreign references categories (id) on update cascade on delete cascade,
        primary key (item_id, category_id)
      )`);
    this.addSql(`create index item_categories_category_idx on item_categories (category_id, item_id)`);

    this.addSql(`
      create table fetch_runs (
        id bigserial primary key,
        event_id uuid not null,
        feed_uid varchar(255) not null constraint fetch_runs_feed_uid_foreign references feeds (uid) on delete cascade,
        started_at timestamptz not null,
        finished_at timestamptz not null,
        duration_ms int not null,
        outcome varchar(255) not null,
        http_status int null,
        bytes bigint not null,
        items_seen int not null,
        items_published int not null,
        last_item_time timestamptz null,
        error_class varchar(255) null,
        error_message text null,
        effective_url text null,
        consecutive_failures int not null,
        next_fetch_at timestamptz null,
        retry_after timestamptz null,
        hubs text[] not null default '{}',
        constraint fetch_runs_event_id_unique unique (event_id)
      )`);
    this.addSql(`create index fetch_runs_feed_finished_idx on fetch_runs (feed_uid, finished_at desc)`);
  }

  override down(): void {
    for (const table of [
      'fetch_runs',
      'item_categories',
      'item_authors',
      'categories',
      'authors',
      'items',
      'feed_tombstones',
      'feeds',
    ]) {
      this.addSql(`drop table if exists ${table} cascade`);
    }
  }
}
