import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodingOrder, MAX_CONTENT_CODINGS } from './body.ts';
import { FetchError } from './errors.ts';

test('codings are undone last-applied first; identity and empties are skipped', () => {
  assert.deepEqual(decodingOrder('deflate, GZIP, identity, '), ['gzip', 'deflate']);
  assert.deepEqual(decodingOrder(undefined), []);
});

test('more than a few stacked codings is refused before any decoder is built', () => {
  assert.equal(decodingOrder(Array(MAX_CONTENT_CODINGS).fill('gzip').join(',')).length, MAX_CONTENT_CODINGS);
  assert.throws(
    () => decodingOrder(Array(2600).fill('gzip').join(', ')),
    (err) => err instanceof FetchError && err.code === 'decode' && /2600 codings/.test(err.message),
  );
});
