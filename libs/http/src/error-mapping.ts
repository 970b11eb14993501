/**
 * Maps errors thrown by middleware we do not own (express-openapi-validator, body-parser, multer)
 * to HttpProblems. Pure: no I/O, unit-tested.
 */
import { HttpProblem, isHttpProblem } from './problem.ts';
import type { ProblemFieldError, ProblemKind } from './problem.ts';

interface ValidatorErrorItem {
  path?: string;
  message?: string;
}

interface StatusError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  message?: string;
  errors?: ValidatorErrorItem[];
  headers?: Record<string, string>;
}

/** express-openapi-validator reports `/body/email`, `.body.email` or `.query.limit` styles. */
export function toPointer(path: string | undefined): string {
  if (!path) return '';
  if (path.startsWith('/')) return path;
  return (
    '/' +
    path
      .replace(/^\./, '')
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter((s) => s !== '')
      .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/')
  );
}

const byStatus: Record<number, ProblemKind> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
};

/** Returns the problem to render, or undefined for an unexpected error (a 500 the caller logs). */
export function toProblem(err: unknown): HttpProblem | undefined {
  if (isHttpProblem(err)) return err;
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as StatusError;
  // body-parser / raw-body
  if (e.type === 'entity.too.large') return new HttpProblem('payload-too-large', 'request body is too large');
  if (e.type === 'entity.parse.failed')
    return new HttpProblem('bad-request', 'request body is not valid JSON');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new HttpProblem('unsupported-media-type', e.message);
  // multer
  if (e.code === 'LIMIT_FILE_SIZE') return new HttpProblem('payload-too-large', 'uploaded file is too large');
  if (typeof e.code === 'string' && e.code.startsWith('LIMIT_'))
    return new HttpProblem('bad-request', e.message);
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const kind = byStatus[status] ?? 'bad-request';
  const errors: ProblemFieldError[] | undefined =
    Array.isArray(e.errors) && e.errors.length > 0
      ? e.errors.map((x) => ({ pointer: toPointer(x.path), detail: x.message ?? 'invalid' }))
      : undefined;
  const detail = kind === 'validation' ? 'the request does not match the API schema' : e.message;
  return new HttpProblem(kind, detail, { status, errors, headers: e.headers });
}
