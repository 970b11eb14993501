/**
 * The HTTP app factory every Tributary server starts from: request id, access log, metrics, helmet,
 * CORS, body limits; `finishApp` adds the 404 and problem+json handlers after the routes.
 */
import express from 'express';
import type { Express } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import type { Logger } from '@tributary/log';
import { requestId } from './request-id.ts';
import { createHttpMetrics, metricsHandler, observeRequests } from './metrics.ts';
import type { HttpMetrics } from './metrics.ts';
import { notFoundHandler, problemHandler } from './errors.ts';

export interface HttpAppOptions {
  log: Logger;
  /** Allowed CORS origins; empty = no CORS headers (same-origin only); `['*']` = any origin. */
  corsOrigins?: string[];
  /** JSON / urlencoded body limit (express `limit` syntax). */
  bodyLimit?: string;
  /** Express `trust proxy` (e.g. `1` behind one ingress hop), so req.ip is the client's. */
  trustProxy?: boolean | number | string;
  /** One JSON access-log line per request (default true). */
  accessLog?: boolean;
  metrics?: HttpMetrics;
}

export interface HttpApp {
  app: Express;
  metrics: HttpMetrics;
}

export function createHttpApp(opts: HttpAppOptions): HttpApp {
  const app = express();
  const metrics = opts.metrics ?? createHttpMetrics();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);
  // Strong ETags on JSON bodies: If-None-Match then answers 304 without resending the body.
  app.set('etag', 'strong');
  app.set('query parser', 'extended');
  app.use(requestId());
  const log = opts.log;
  app.use(
    observeRequests(
      metrics,
      opts.accessLog === false
        ? undefined
        : (info) =>
            log.info('request', {
              requestId: info.requestId,
              method: info.method,
              route: info.route,
              path: info.path,
              status: info.status,
              latencyMs: Math.round(info.seconds * 1e6) / 1e3,
            }),
    ),
  );
  app.use(
    helmet({
      // Swagger UI at /docs needs its own inline-free bundle only; keep the default strict CSP.
      contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
      hsts: false, // TLS ends at the ingress, which sets HSTS.
    }),
  );
  const origins = opts.corsOrigins ?? [];
  if (origins.length > 0) {
    app.use(
      cors({
        origin: origins.includes('*') ? true : origins,
        credentials: !origins.includes('*'),
        exposedHeaders: ['X-Request-Id', 'ETag', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Location'],
        maxAge: 600,
      }),
    );
  }
  const limit = opts.bodyLimit ?? '1mb';
  app.use(express.json({ limit, type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ limit, extended: false }));
  app.get('/metrics', metricsHandler(metrics.registry));
  return { app, metrics };
}

export function finishApp(app: Express, log: Logger): void {
  app.use(notFoundHandler());
  app.use(problemHandler(log));
}
