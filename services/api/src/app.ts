/**
 * Assembles the API from its parts. Order matters: request id/logs/metrics/helmet/CORS/body
 * parsing (app factory) → per-IP rate limit → unvalidated endpoints (ops, /openapi.json, /docs, the web UI at / and /ui/) →
 * express-openapi-validator (bearer guard + RBAC from the spec, then request validation, and in
 * tests response validation) → per-user rate limit → routes → 404 / problem+json.
 */
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { HttpProblem, createHttpApp, finishApp } from '@tributary/http';
import type { HttpMetrics } from '@tributary/http';
import type { Logger } from '@tributary/log';
import type { GraphReadContext } from '@tributary/graph';
import type { ApiDocument } from './spec.ts';
import { bearerSecurityHandler } from './auth/guard.ts';
import type { VerifyToken } from './auth/guard.ts';
import { ipRateLimit, userRateLimit } from './rate-limit/limiter.ts';
import type { RateLimitSettings } from './rate-limit/limiter.ts';
import { docsRouter } from './docs.ts';
import { uiRouter } from './ui/router.ts';
import { acceptedBodies, unsupportedMediaType } from './media-type.ts';
import { opsRoutes } from './routes/ops.ts';
import { registerWorkerMetrics } from './ops/workers.ts';
import type { WorkersSource } from './ops/workers.ts';
import { authRoutes } from './routes/auth.ts';
import type { AuthRouteDeps } from './routes/auth.ts';
import { feedRoutes } from './routes/feeds.ts';
import type { FeedRepository } from './feeds/repository.ts';
import type { OpmlCodec } from './routes/feeds.ts';
import { itemRoutes } from './routes/items.ts';
import { graphRoutes } from './routes/graph.ts';
import { storyRoutes } from './routes/stories.ts';
import type { PgStoryStore } from './stories/pg-store.ts';
import type { ItemStore } from './items/types.ts';
import type { DependencyCheck } from './ops/readiness.ts';

export const OPML_MAX_BYTES = 10 * 1024 * 1024;

export interface ApiAppDeps extends AuthRouteDeps {
  log: Logger;
  spec: ApiDocument;
  verifyToken: VerifyToken;
  feeds: FeedRepository;
  opml: OpmlCodec;
  items: ItemStore;
  /** Absent in stub apps: /stories then answers 404. */
  stories?: PgStoryStore;
  graph: GraphReadContext;
  checks: DependencyCheck[];
  shuttingDown: () => boolean;
  /** The workers' consumers for /ready (reported only) and the tributary_jetstream_consumer_* metrics. */
  workers?: WorkersSource;
  rateLimit: RateLimitSettings;
  corsOrigins: string[];
  trustProxy: boolean | number | string;
  /** Validate every response against the spec (tests); a mismatch becomes a 500. */
  validateResponses?: boolean;
  accessLog?: boolean;
  metrics?: HttpMetrics;
}

/** The operation express-openapi-validator matched (its `$ref`s resolved). */
const operationOf = (req: Request): unknown => (req as { openapi?: { schema?: unknown } }).openapi?.schema;

export function createApiApp(d: ApiAppDeps): { app: Express; metrics: HttpMetrics } {
  const { app, metrics } = createHttpApp({
    log: d.log,
    corsOrigins: d.corsOrigins,
    bodyLimit: '256kb',
    trustProxy: d.trustProxy,
    accessLog: d.accessLog,
    ...(d.metrics ? { metrics: d.metrics } : {}),
  });
  const unlimited = new Set(['/health', '/ready', '/metrics']);
  const perIp = ipRateLimit(d.rateLimit);
  app.use((req, res, next) => (unlimited.has(req.path) ? next() : perIp(req, res, next)));

  const open = express.Router();
  const ui = uiRouter();
  opsRoutes(open, {
    checks: d.checks,
    shuttingDown: d.shuttingDown,
    spec: d.spec,
    workers: d.workers,
    html: ui.shell,
  });
  if (d.workers) registerWorkerMetrics(metrics.registry, d.workers);
  app.use(open);
  app.use('/docs', docsRouter());
  app.use('/ui', ui.assets);

  app.use(
    OpenApiValidator.middleware({
      // The validator resolves $refs in place: give it its own copy of the document.
      apiSpec: structuredClone(d.spec) as never,
      // allErrors: report every bad field at once (bounded: bodies are ≤ 256 kB and schemas have maxItems).
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true, allErrors: true },
      validateResponses: d.validateResponses ? { removeAdditional: false } : false,
      validateSecurity: { handlers: { bearerAuth: bearerSecurityHandler(d.verifyToken) } },
      validateFormats: true,
      ajvFormats: { mode: 'full' },
      fileUploader: { limits: { fileSize: OPML_MAX_BYTES, files: 1, fields: 10 } },
      ignoreUndocumented: false,
    }),
  );
  // The validator reports bodies busboy cannot parse (malformed multipart, undeclared file fields)
  // as 500; they are the client's fault. A 415 gets a detail naming the expected body. Only errors
  // raised before any route reach this handler.
  app.use((err: unknown, req: Request, _res: Response, next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === 500 && req.is('multipart/form-data'))
      return next(new HttpProblem('bad-request', `malformed multipart body: ${(err as Error).message}`));
    if (status === 415)
      return next(unsupportedMediaType(acceptedBodies(operationOf(req)), req.get('content-type')));
    next(err);
  });
  app.use(userRateLimit(d.rateLimit));

  const api = express.Router();
  authRoutes(api, d);
  feedRoutes(api, d);
  itemRoutes(api, d);
  graphRoutes(api, d);
  if (d.stories) storyRoutes(api, { ...d, stories: d.stories });
  app.use(api);
  // RFC 6750: every 401 carries a Bearer challenge (the validator's own "no header" 401 has none).
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === 401 && !res.headersSent && !res.getHeader('WWW-Authenticate'))
      res.setHeader('WWW-Authenticate', 'Bearer realm="tributary"');
    next(err);
  });
  finishApp(app, d.log);
  return { app, metrics };
}
