/**
 * Kubernetes API errors → problems. 422 Invalid carries `details.causes[].field` (e.g. `spec.url`),
 * which becomes a JSON pointer into the request body (`/spec/url`).
 */
import { isApiError } from '@tributary/k8s';
import { HttpProblem } from '@tributary/http';

interface StatusCause {
  field?: string;
  message?: string;
  reason?: string;
}

export function fieldToPointer(field: string): string {
  // `spec.tags[0]` → `/spec/tags/0`; `metadata.name` → `/name` (the API body has name at the top).
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
  if (parts[0] === 'metadata') parts.shift();
  return '/body/' + parts.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export function k8sProblem(err: unknown): HttpProblem | undefined {
  if (!isApiError(err)) return undefined;
  switch (err.statusCode) {
    case 404:
      return new HttpProblem('not-found', 'no such feed');
    case 409:
      return new HttpProblem(
        'conflict',
        err.reason === 'AlreadyExists' ? 'a feed with this name exists' : err.message,
      );
    case 422: {
      const causes = (
        (err.body as { details?: { causes?: StatusCause[] } } | undefined)?.details?.causes ?? []
      ).filter((c) => c.field || c.message);
      return new HttpProblem('unprocessable', err.message, {
        errors: causes.map((c) => ({
          pointer: fieldToPointer(c.field ?? ''),
          detail: c.message ?? 'invalid',
        })),
      });
    }
    case 400:
      return new HttpProblem('bad-request', err.message);
    default:
      return new HttpProblem('bad-gateway', `Kubernetes API answered ${err.statusCode}`);
  }
}
