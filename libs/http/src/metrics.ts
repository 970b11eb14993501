import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';
import { routeTemplate } from './route.ts';

export interface HttpMetrics {
  registry: Registry;
  duration: Histogram<'method' | 'route' | 'status_code'>;
}

/** A registry with default process metrics and the standard request-duration histogram. */
export function createHttpMetrics(registry = new Registry()): HttpMetrics {
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, duration };
}

export function metricsHandler(registry: Registry): RequestHandler {
  return async (_req, res) => {
    res.setHeader('Content-Type', registry.contentType);
    res.end(await registry.metrics());
  };
}

/** Observes each finished request (records after the response so route templates are known). */
export function observeRequests(metrics: HttpMetrics, onDone?: (info: RequestInfo) => void): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = routeTemplate(req);
      metrics.duration.observe({ method: req.method, route, status_code: String(res.statusCode) }, seconds);
      onDone?.({
        method: req.method,
        route,
        path: req.originalUrl,
        status: res.statusCode,
        seconds,
        requestId: req.id,
      });
    });
    next();
  };
}

export interface RequestInfo {
  method: string;
  route: string;
  path: string;
  status: number;
  seconds: number;
  requestId: string;
}
