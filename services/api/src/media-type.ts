/**
 * The validator's 415 says "unsupported media type undefined" when a body is missing: this names
 * what the operation accepts instead (media types and, for forms, the required fields). Pure.
 */
import { HttpProblem } from '@tributary/http';

export interface AcceptedBody {
  mediaType: string;
  /** Required top-level fields of its schema (form fields for multipart). */
  required: string[];
}

export function unsupportedMediaType(accepted: AcceptedBody[], contentType: string | undefined): HttpProblem {
  const expected = accepted
    .map((a) => (a.required.length ? `${a.mediaType} (fields: ${a.required.join(', ')})` : a.mediaType))
    .join(' or ');
  const got = contentType
    ? `Content-Type was "${contentType}"`
    : 'the request had no body or no Content-Type';
  return new HttpProblem('unsupported-media-type', `expected a body as ${expected || 'none'}; ${got}`);
}

/** What an operation (as the validator resolved it) accepts. */
export function acceptedBodies(operation: unknown): AcceptedBody[] {
  const content = (
    operation as
      { requestBody?: { content?: Record<string, { schema?: { required?: unknown } }> } } | undefined
  )?.requestBody?.content;
  return Object.entries(content ?? {}).map(([mediaType, c]) => ({
    mediaType,
    required: Array.isArray(c.schema?.required) ? c.schema.required.map(String) : [],
  }));
}
