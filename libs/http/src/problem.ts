/**
 * RFC 9457 problem details. Every error the API returns is one of these, with a stable `type` URI
 * per kind of problem so that clients can branch on it without parsing `detail`.
 */
export const PROBLEM_BASE = 'https://tributary.dev/problems/';

export const problemTypes = {
  validation: { status: 400, title: 'Request validation failed' },
  'bad-request': { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Authentication required' },
  'invalid-token': { status: 401, title: 'Invalid or expired token' },
  'invalid-credentials': { status: 401, title: 'Invalid credentials' },
  forbidden: { status: 403, title: 'Insufficient role' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable entity' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  'bad-gateway': { status: 502, title: 'Upstream dependency failed' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemKind = keyof typeof problemTypes;

/** One bad field: `pointer` is a JSON Pointer into the request part (`/body/email`, `/query/limit`). */
export interface ProblemFieldError {
  pointer: string;
  detail: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/** Throw (or pass to next()) from any handler: the error handler renders it as problem+json. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  readonly kind: ProblemKind;
  readonly status: number;
  readonly errors: ProblemFieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    kind: ProblemKind,
    detail?: string,
    opts: {
      status?: number;
      errors?: ProblemFieldError[];
      extensions?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail ?? problemTypes[kind].title);
    this.kind = kind;
    this.status = opts.status ?? problemTypes[kind].status;
    this.errors = opts.errors;
    this.extensions = opts.extensions ?? {};
    this.headers = opts.headers ?? {};
  }

  toDocument(instance?: string): ProblemDocument {
    const doc: ProblemDocument = {
      ...this.extensions,
      type: PROBLEM_BASE + this.kind,
      title: problemTypes[this.kind].title,
      status: this.status,
      detail: this.message,
    };
    if (instance) doc.instance = instance;
    if (this.errors) doc.errors = this.errors;
    return doc;
  }
}

export function isHttpProblem(err: unknown): err is HttpProblem {
  return err instanceof HttpProblem;
}
