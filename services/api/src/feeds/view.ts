/** Feed custom resource (+ item counts from Postgres) → the API's Feed representation. Pure. */
import type { Feed } from '@tributary/feed-api';
import type { components } from '../generated/openapi.ts';

export type FeedView = components['schemas']['Feed'];

export interface FeedItemStats {
  count: number;
  lastItemTime: string | null;
}

export const NO_ITEMS: FeedItemStats = { count: 0, lastItemTime: null };

export function feedView(feed: Feed, stats: FeedItemStats | undefined): FeedView {
  const m = feed.metadata;
  return {
    namespace: m.namespace ?? 'default',
    name: m.name,
    uid: m.uid ?? '',
    generation: m.generation ?? 0,
    createdAt: m.creationTimestamp ?? null,
    labels: m.labels ?? {},
    spec: feed.spec as Record<string, unknown>,
    status: (feed.status ?? {}) as Record<string, unknown>,
    items: stats ?? NO_ITEMS,
  };
}
