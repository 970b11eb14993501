/** A non-2xx answer from the Kubernetes API, with the Status object's reason and message. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly statusCode: number;
  /** Status.reason, e.g. NotFound, Conflict, AlreadyExists, Invalid, Expired. */
  readonly reason: string;
  readonly body: unknown;

  constructor(statusCode: number, reason: string, message: string, body: unknown) {
    super(message);
    this.statusCode = statusCode;
    this.reason = reason;
    this.body = body;
  }
}

export function isApiError(err: unknown, statusCode?: number): err is ApiError {
  return err instanceof ApiError && (statusCode === undefined || err.statusCode === statusCode);
}

export const isNotFound = (err: unknown): boolean => isApiError(err, 404);
export const isConflict = (err: unknown): boolean => isApiError(err, 409);
/** 410 Gone: a watch/list resourceVersion too old — relist. */
export const isGone = (err: unknown): boolean => isApiError(err, 410);
