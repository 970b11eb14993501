import type { Request } from 'express';

/**
 * The route template a request matched (`/api/v1/feeds/:namespace/:name`), for metric labels and
 * access logs; raw paths would give unbounded label cardinality. Unmatched requests share one label.
 */
export function routeTemplate(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return (req.baseUrl ?? '') + route.path;
  return 'unmatched';
}
