import type { components } from '../generated/openapi.ts';
import type { FeedItemStats } from '../feeds/view.ts';

export type ItemView = components['schemas']['Item'];
export type ItemDetailView = components['schemas']['ItemDetail'];

/** Filters of GET /items after parameter parsing (feed already resolved to uids). */
export interface ItemFilter {
  q?: string | undefined;
  feedUids?: string[] | undefined;
  tag?: string | undefined;
  author?: string | undefined;
  /** Item ids (feedUid:key) from the graph, for the entity filter. */
  itemIds?: string[] | undefined;
  language?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
}

export interface ItemPageResult {
  items: ItemView[];
  nextCursor: string | null;
}

/** Read side of the item projection in Postgres (written by the store worker). */
export interface ItemStore {
  list(filter: ItemFilter, limit: number, cursor: string | undefined): Promise<ItemPageResult>;
  get(id: string): Promise<ItemDetailView | null>;
  exists(id: string): Promise<boolean>;
  /** Item counts and newest item time per feed uid. */
  feedStats(feedUids: string[]): Promise<Map<string, FeedItemStats>>;
  /** Feed uid of namespace/name, as the store knows it. */
  feedUidsByName(namespace: string, name: string): Promise<string[]>;
}
