/** /api/v1/items: list with filters, full-text search and cursor pagination; one item. */
import type { Router } from 'express';
import { HttpProblem } from '@tributary/http';
import { itemsMentioning } from '@tributary/graph';
import type { GraphReadContext } from '@tributary/graph';
import type { ItemFilter, ItemStore } from '../items/types.ts';
import type { operations } from '../generated/openapi.ts';

export interface ItemRouteDeps {
  items: ItemStore;
  graph: GraphReadContext;
}

type ListQuery = NonNullable<operations['listItems']['parameters']['query']>;

/** The entity filter reads at most this many mentioning items from the graph. */
const ENTITY_ITEM_CAP = 200;

export function itemRoutes(router: Router, d: ItemRouteDeps): void {
  router.get('/api/v1/items', async (req, res) => {
    const q = req.query as ListQuery;
    const filter: ItemFilter = {
      q: q.q,
      tag: q.tag,
      author: q.author,
      language: q.language,
      since: q.since ? new Date(q.since) : undefined,
      until: q.until ? new Date(q.until) : undefined,
    };
    if (q.feed) {
      const slash = q.feed.indexOf('/');
      filter.feedUids =
        slash > 0 ? await d.items.feedUidsByName(q.feed.slice(0, slash), q.feed.slice(slash + 1)) : [q.feed];
    }
    if (q.entity) {
      const mentioning = await itemsMentioning(d.graph, q.entity, { limit: ENTITY_ITEM_CAP });
      filter.itemIds = mentioning.map((m) => m.id);
    }
    res.json(await d.items.list(filter, q.limit ?? 50, q.cursor));
  });

  router.get('/api/v1/items/:id', async (req, res) => {
    const item = await d.items.get(String(req.params.id));
    if (!item) throw new HttpProblem('not-found', 'no such item');
    res.json(item);
  });
}
