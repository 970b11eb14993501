import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@tributary/log';
import { HttpProblem } from './problem.ts';
import { toProblem } from './error-mapping.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function sendProblem(
  res: Parameters<RequestHandler>[1],
  problem: HttpProblem,
  instance?: string,
): void {
  for (const [k, v] of Object.entries(problem.headers)) res.setHeader(k, v);
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toDocument(instance)));
}

/** Final 404 for requests no route matched. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => next(new HttpProblem('not-found', `no route for ${req.method} ${req.path}`));
}

/** Renders every error as problem+json; unexpected ones are logged with their stack and hidden. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const problem = toProblem(err);
    if (problem) return sendProblem(res, problem, req.originalUrl);
    const e = err as { message?: unknown; stack?: unknown; errors?: unknown };
    log.error('unhandled error', {
      error: String(e?.message ?? err),
      stack: typeof e?.stack === 'string' ? e.stack : undefined,
      // express-openapi-validator's response-validation failures list the mismatches here.
      details: e?.errors,
      method: req.method,
      path: req.originalUrl,
    });
    sendProblem(res, new HttpProblem('internal', 'an unexpected error occurred'), req.originalUrl);
  };
}
