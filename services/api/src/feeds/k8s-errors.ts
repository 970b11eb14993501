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

/** A 404 names what is missing: Kubernetes says `kind: namespaces` when the namespace itself is. */
function notFoundDetail(body: unknown): string {
  const details = (body as { details?: { kind?: string; name?: string } } | undefined)?.details;
  if (details?.kind === 'namespaces')
    return `namespace "${details.name ?? ''}" does not exist: create it first (kubectl create namespace ${details.name ?? '<name>'})`;
  return 'no such feed';
}

export function k8sProblem(err: unknown): HttpProblem | undefined {
  if (!isApiError(err)) return undefined;
  switch (err.statusCode) {
    case 404:
      return new HttpProblem('not-found', notFoundDetail(err.body));
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
