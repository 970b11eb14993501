/** /health, /ready, /openapi.json (metrics live in @tributary/http's app factory). */
import type { Router } from 'express';
import type { DependencyCheck } from '../ops/readiness.ts';
import { readiness } from '../ops/readiness.ts';

export interface OpsRouteDeps {
  checks: DependencyCheck[];
  shuttingDown: () => boolean;
  spec: unknown;
}

export function opsRoutes(router: Router, d: OpsRouteDeps): void {
  router.get('/health', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const r = await readiness(d.checks, d.shuttingDown());
    res.setHeader('Cache-Control', 'no-store');
    res.status(r.status === 'unavailable' ? 503 : 200).json(r);
  });
  const specJson = JSON.stringify(d.spec);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(specJson);
  });
}
