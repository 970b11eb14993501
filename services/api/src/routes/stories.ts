/** /api/v1/stories: stories across feeds (docs/stories.md). */
import type { Router } from 'express';
import { HttpProblem } from '@tributary/http';
import { itemsMentioning } from '@tributary/graph';
import type { GraphReadContext } from '@tributary/graph';
import type { operations } from '../generated/openapi.ts';
import type { ItemStore } from '../items/types.ts';
import type { PgStoryStore, StoryFilter } from '../stories/pg-store.ts';

export interface StoryRouteDeps {
  stories: PgStoryStore;
  items: ItemStore;
  graph: GraphReadContext;
}

type ListQuery = NonNullable<operations['listStories']['parameters']['query']>;

export function storyRoutes(router: Router, d: StoryRouteDeps): void {
  router.get('/api/v1/stories', async (req, res) => {
    const q = req.query as ListQuery;
    const filter: StoryFilter = {
      sort: q.sort ?? 'newest',
      tag: q.tag,
      since: q.since ? new Date(q.since) : undefined,
    };
    if (q.feed) {
      const slash = q.feed.indexOf('/');
      filter.feedUids =
        slash > 0 ? await d.items.feedUidsByName(q.feed.slice(0, slash), q.feed.slice(slash + 1)) : [q.feed];
    }
    if (q.entity)
      filter.itemIds = (await itemsMentioning(d.graph, q.entity, { limit: 200 })).map((m) => m.id);
    res.json(await d.stories.list(filter, q.limit ?? 50, q.cursor));
  });

  router.get('/api/v1/stories/:id', async (req, res) => {
    const story = await d.stories.get(String(req.params.id));
    if (!story) throw new HttpProblem('not-found', 'no such story');
    res.json(story);
  });
}
