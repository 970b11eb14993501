import { test } from 'node:test';
import assert from 'node:assert/strict';
import { href, parseRoute } from './route.ts';

test('a route round-trips through its hash, ids with reserved characters included', () => {
  const h = href('item', 'uid-1:https://x.example/a?b=1', { q: 'kubernetes', tag: '' });
  assert.equal(h, '#/item/uid-1%3Ahttps%3A%2F%2Fx.example%2Fa%3Fb%3D1?q=kubernetes');
  const r = parseRoute(h);
  assert.equal(r.page, 'item');
  assert.equal(r.id, 'uid-1:https://x.example/a?b=1');
  assert.equal(r.params.get('q'), 'kubernetes');
  assert.equal(r.params.has('tag'), false);
});

test('an empty hash is the items page', () => {
  assert.deepEqual({ ...parseRoute(''), params: null }, { page: 'items', id: null, params: null });
  assert.equal(parseRoute('#/feeds').page, 'feeds');
});
