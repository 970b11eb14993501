/**
 * Opaque pagination cursors: base64url JSON of the last row's sort key. Clients must treat them as
 * opaque; a malformed cursor is a 400 with a pointer to the parameter.
 */
import { HttpProblem } from '@tributary/http';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, isValid: (v: unknown) => v is T): T | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!isValid(value))
    throw new HttpProblem('validation', 'the request does not match the API schema', {
      errors: [{ pointer: '/query/cursor', detail: 'not a cursor returned by this API' }],
    });
  return value;
}
