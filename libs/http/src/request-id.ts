import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withLogContext } from '@tributary/log';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is echoed only when it is short and log-safe; anything else gets a fresh one.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function acceptRequestId(incoming: string | string[] | undefined): string {
  const v = Array.isArray(incoming) ? incoming[0] : incoming;
  return v && SAFE_ID.test(v) ? v : randomUUID();
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

/** Accepts or generates X-Request-Id, echoes it, and runs the rest of the chain in its log context. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const id = acceptRequestId(req.headers[REQUEST_ID_HEADER]);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    withLogContext({ requestId: id }, () => next());
  };
}
