import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containsDesired } from './compare.ts';

test('observed objects with server defaults still contain the desired fields', () => {
  const desired = { spec: { a: 1, list: [{ name: 'x', v: 'y' }] } };
  const observed = { spec: { a: 1, extra: true, list: [{ name: 'x', v: 'y', defaulted: 'z' }] }, status: {} };
  assert.equal(containsDesired(observed, desired), true);
});

test('changed values, missing fields and array length differences are detected', () => {
  const desired = { spec: { a: 1, list: [{ name: 'x' }] } };
  assert.equal(containsDesired({ spec: { a: 2, list: [{ name: 'x' }] } }, desired), false);
  assert.equal(containsDesired({ spec: { list: [{ name: 'x' }] } }, desired), false);
  assert.equal(containsDesired({ spec: { a: 1, list: [{ name: 'x' }, { name: 'y' }] } }, desired), false);
  assert.equal(containsDesired({ spec: { a: 1, list: 'x' } }, desired), false);
});
