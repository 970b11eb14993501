/** / (links, or the web UI for a browser), /health, /ready, /openapi.json (metrics live in @tributary/http's app factory). */
import type { Request, Response, Router } from 'express';
import type { components } from '../generated/openapi.ts';
import type { DependencyCheck } from '../ops/readiness.ts';
import { readiness } from '../ops/readiness.ts';
import { wantsHtml } from '../ui/router.ts';
import type { WorkersSource } from '../ops/workers.ts';

export interface OpsRouteDeps {
  checks: DependencyCheck[];
  shuttingDown: () => boolean;
  spec: unknown;
  /** The workers' consumers: reported in /ready, never part of its status (the API stays routable). */
  workers?: WorkersSource | undefined;
  /** Answers a browser at / (the web UI's shell). */
  html: (req: Request, res: Response) => void;
}

export function opsRoutes(router: Router, d: OpsRouteDeps): void {
  router.get('/health', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const [r, workers] = await Promise.all([readiness(d.checks, d.shuttingDown()), d.workers?.()]);
    res.setHeader('Cache-Control', 'no-store');
    // Typed as the spec's schema: the events lib's WorkersHealth must stay assignable to it.
    const body: components['schemas']['Readiness'] = workers ? { ...r, workers } : r;
    res.status(r.status === 'unavailable' ? 503 : 200).json(body);
  });
  const links: components['schemas']['RootLinks'] = {
    name: 'Tributary API',
    docs: '/docs/',
    openapi: '/openapi.json',
    api: '/api/v1',
  };
  // A browser gets the web UI; any other client the links (instead of a bare 404).
  router.get('/', (req, res) => {
    if (wantsHtml(req)) return d.html(req, res);
    res.json(links);
  });
  const specJson = JSON.stringify(d.spec);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(specJson);
  });
}
