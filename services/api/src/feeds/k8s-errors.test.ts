import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '@tributary/k8s';
import { fieldToPointer, k8sProblem } from './k8s-errors.ts';

const status = (code: number, reason: string, details: unknown) =>
  new ApiError(code, reason, `${reason}`, { kind: 'Status', code, reason, details });

test('a 404 for a missing namespace says so; a missing feed stays "no such feed"', () => {
  const ns = k8sProblem(status(404, 'NotFound', { name: 'nope', kind: 'namespaces' }));
  assert.equal(ns?.status, 404);
  assert.match(ns?.message ?? '', /namespace "nope" does not exist/);
  const feed = k8sProblem(status(404, 'NotFound', { name: 'f', group: 'tributary.dev', kind: 'feeds' }));
  assert.equal(feed?.message, 'no such feed');
});

test('422 causes become body pointers; non-Kubernetes errors pass through', () => {
  const p = k8sProblem(status(422, 'Invalid', { causes: [{ field: 'spec.tags[0]', message: 'too long' }] }));
  assert.deepEqual(p?.errors, [{ pointer: '/body/spec/tags/0', detail: 'too long' }]);
  assert.equal(fieldToPointer('metadata.name'), '/body/name');
  assert.equal(k8sProblem(new Error('x')), undefined);
});
