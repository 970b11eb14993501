/** Graph endpoints, read from Neo4j through @tributary/graph's queries. */
import type { Router } from 'express';
import { HttpProblem } from '@tributary/http';
import { itemsMentioning, neighborhood, relatedItems, topEntities } from '@tributary/graph';
import type { EntityType, GraphReadContext } from '@tributary/graph';
import type { components } from '../generated/openapi.ts';
import type { ItemStore } from '../items/types.ts';

type Schemas = components['schemas'];

export interface GraphRouteDeps {
  graph: GraphReadContext;
  items: ItemStore;
}

/** Neo4j failures are upstream failures (502), not bugs in the API. */
async function neo<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if ((err as { name?: string }).name === 'Neo4jError')
      throw new HttpProblem('bad-gateway', 'the graph database did not answer');
    throw err;
  }
}

export function graphRoutes(router: Router, d: GraphRouteDeps): void {
  router.get('/api/v1/entities', async (req, res) => {
    const q = req.query as { type?: EntityType; limit?: number };
    const body: Schemas['EntityList'] = {
      items: (await neo(
        topEntities(d.graph, { ...(q.type ? { type: q.type } : {}), limit: q.limit ?? 20 }),
      )) as Schemas['Entity'][],
    };
    res.json(body);
  });

  router.get('/api/v1/entities/:id', async (req, res) => {
    const id = String(req.params.id);
    const q = req.query as { limit?: number };
    const items = await neo(itemsMentioning(d.graph, id, { limit: q.limit ?? 50 }));
    if (items.length === 0) throw new HttpProblem('not-found', 'no item mentions this entity');
    const sep = id.indexOf(':');
    const top = await neo(topEntities(d.graph, { type: id.slice(0, sep) as EntityType, limit: 200 }));
    const body: Schemas['EntityDetail'] = {
      id,
      type: id.slice(0, sep) as EntityType,
      name: top.find((e) => e.id === id)?.name ?? id.slice(sep + 1),
      items,
    };
    res.json(body);
  });

  router.get('/api/v1/items/:id/related', async (req, res) => {
    const id = String(req.params.id);
    if (!(await d.items.exists(id))) throw new HttpProblem('not-found', 'no such item');
    const q = req.query as { limit?: number };
    const body: Schemas['RelatedList'] = {
      items: await neo(relatedItems(d.graph, id, { limit: q.limit ?? 10 })),
    };
    res.json(body);
  });

  router.get('/api/v1/graph/neighborhood', async (req, res) => {
    const q = req.query as unknown as { node: string; depth?: 1 | 2; limit?: number };
    const body: Schemas['Neighborhood'] = await neo(
      neighborhood(d.graph, q.node, { depth: q.depth ?? 1, limit: q.limit ?? 100 }),
    );
    if (body.nodes.length === 0 && !(await d.items.exists(q.node)))
      throw new HttpProblem('not-found', 'no such item');
    res.json(body);
  });
}
