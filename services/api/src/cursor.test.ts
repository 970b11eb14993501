import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isHttpProblem } from '@tributary/http';

const isPair = (v: unknown): v is [string, number] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'number';

test('cursors round-trip and reject garbage with a pointer', () => {
  const c = encodeCursor(['2026-01-01T00:00:00Z', 42]);
  assert.match(c, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(c, isPair), ['2026-01-01T00:00:00Z', 42]);
  assert.equal(decodeCursor(undefined, isPair), undefined);
  for (const bad of ['abc', encodeCursor({ x: 1 }), encodeCursor([1, 2])]) {
    assert.throws(
      () => decodeCursor(bad, isPair),
      (e) => isHttpProblem(e) && e.status === 400 && e.errors?.[0]?.pointer === '/query/cursor',
    );
  }
});
