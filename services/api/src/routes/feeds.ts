/** /api/v1/feeds: Feed custom resources (Kubernetes) merged with item counts (Postgres). */
import type { Router } from 'express';
import { HttpProblem } from '@tributary/http';
import type { Feed, FeedSpec } from '@tributary/feed-api';
import type { components } from '../generated/openapi.ts';
import type { FeedRepository } from '../feeds/repository.ts';
import { k8sProblem } from '../feeds/k8s-errors.ts';
import { feedView } from '../feeds/view.ts';
import type { ItemStore } from '../items/types.ts';
import { importOutlines, outlinesOf } from '../feeds/opml.ts';
import type { OpmlOutline } from '../feeds/opml.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';

type Schemas = components['schemas'];

/** OPML document format (from @tributary/feeds). `parse` throws on a document that is not OPML. */
export interface OpmlCodec {
  parse(body: Uint8Array): OpmlOutline[];
  serialize(outlines: OpmlOutline[], title: string, created: Date): string;
}

export interface FeedRouteDeps {
  feeds: FeedRepository;
  items: ItemStore;
  opml: OpmlCodec;
}

/** Kubernetes errors become problems; anything else propagates (500). */
async function k8s<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw k8sProblem(err) ?? err;
  }
}

const isContinue = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function feedRoutes(router: Router, d: FeedRouteDeps): void {
  const views = async (feeds: Feed[]) => {
    const stats = await d.items.feedStats(feeds.map((f) => f.metadata.uid ?? '').filter(Boolean));
    return feeds.map((f) => feedView(f, stats.get(f.metadata.uid ?? '')));
  };

  router.get('/api/v1/feeds', async (req, res) => {
    const q = req.query as { namespace?: string; limit?: number; cursor?: string };
    const page = await k8s(
      d.feeds.list({
        namespace: q.namespace,
        limit: q.limit ?? 50,
        continueToken: decodeCursor(q.cursor, isContinue),
      }),
    );
    const body: Schemas['FeedPage'] = {
      items: await views(page.feeds),
      nextCursor: page.continueToken ? encodeCursor(page.continueToken) : null,
    };
    res.json(body);
  });

  router.post('/api/v1/feeds', async (req, res) => {
    const body = req.body as Schemas['FeedCreate'];
    const feed = await k8s(d.feeds.create(body.namespace, body.name, body.spec as FeedSpec, body.labels));
    res
      .status(201)
      .location(`/api/v1/feeds/${body.namespace}/${body.name}`)
      .json((await views([feed]))[0]);
  });

  // Registered before /:namespace/:name so "export" is not taken for a namespace.
  const allFeeds = async (namespace: string | undefined): Promise<Feed[]> => {
    const feeds: Feed[] = [];
    let continueToken: string | undefined;
    do {
      const page = await k8s(d.feeds.list({ namespace, limit: 500, continueToken }));
      feeds.push(...page.feeds);
      continueToken = page.continueToken ?? undefined;
    } while (continueToken);
    return feeds;
  };

  router.get('/api/v1/feeds/export', async (req, res) => {
    const q = req.query as { namespace?: string };
    const feeds = await allFeeds(q.namespace);
    res
      .type('text/x-opml')
      .setHeader('Content-Disposition', 'attachment; filename="tributary-feeds.opml"')
      .send(d.opml.serialize(outlinesOf(feeds), 'Tributary feeds', new Date()));
  });

  router.post('/api/v1/feeds/import', async (req, res) => {
    const files = (req.files ?? []) as { fieldname: string; buffer: Buffer }[];
    const file = files.find((f) => f.fieldname === 'file');
    if (!file)
      throw new HttpProblem('validation', 'an OPML file is required', {
        errors: [{ pointer: '/body/file', detail: 'required' }],
      });
    const body = req.body as { namespace?: string; interval?: string };
    let outlines: OpmlOutline[];
    try {
      outlines = d.opml.parse(file.buffer);
    } catch (err) {
      throw new HttpProblem('validation', `not an OPML document: ${(err as Error).message}`, {
        errors: [{ pointer: '/body/file', detail: 'not an OPML document' }],
      });
    }
    const namespace = body.namespace ?? 'default';
    const existing = await allFeeds(namespace);
    res.json(
      await importOutlines(outlines, {
        namespace,
        interval: body.interval ?? '1h',
        existingUrls: new Set(existing.map((f) => f.spec.url)),
        existingNames: new Set(existing.map((f) => f.metadata.name)),
        create: (ns, name, spec) => d.feeds.create(ns, name, spec),
        describeError: (err) => k8sProblem(err),
      }),
    );
  });

  router.get('/api/v1/feeds/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params as { namespace: string; name: string };
    const feed = await k8s(d.feeds.get(namespace, name));
    res.json((await views([feed]))[0]);
  });

  router.patch('/api/v1/feeds/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params as { namespace: string; name: string };
    const body = req.body as Schemas['FeedUpdate'];
    const feed = await k8s(d.feeds.patch(namespace, name, body));
    res.json((await views([feed]))[0]);
  });

  router.delete('/api/v1/feeds/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params as { namespace: string; name: string };
    if (!(await k8s(d.feeds.delete(namespace, name)))) throw new HttpProblem('not-found', 'no such feed');
    res.status(204).end();
  });

  router.post('/api/v1/feeds/:namespace/:name/refresh', async (req, res) => {
    const { namespace, name } = req.params as { namespace: string; name: string };
    const job: Schemas['RefreshJob'] = await k8s(d.feeds.runNow(namespace, name));
    res.status(202).json(job);
  });
}
