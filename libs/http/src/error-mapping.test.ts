import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPointer, toProblem } from './error-mapping.ts';
import { HttpProblem, PROBLEM_BASE } from './problem.ts';

test('validator paths become JSON pointers', () => {
  assert.equal(toPointer('/body/email'), '/body/email');
  assert.equal(toPointer('.query.limit'), '/query/limit');
  assert.equal(toPointer('.body.tags[2]'), '/body/tags/2');
  assert.equal(toPointer(undefined), '');
});

test('openapi validator 400 keeps a pointer per field', () => {
  const p = toProblem({
    status: 400,
    message: 'x',
    errors: [{ path: '/body/email', message: 'must match format' }],
  });
  assert.ok(p);
  const doc = p.toDocument('/api/v1/auth/register');
  assert.equal(doc.type, PROBLEM_BASE + 'validation');
  assert.equal(doc.status, 400);
  assert.deepEqual(doc.errors, [{ pointer: '/body/email', detail: 'must match format' }]);
  assert.equal(doc.instance, '/api/v1/auth/register');
});

test('body-parser and multer errors map to 4xx problems', () => {
  assert.equal(toProblem({ type: 'entity.too.large', status: 413 })?.status, 413);
  assert.equal(toProblem({ type: 'entity.parse.failed', status: 400 })?.kind, 'bad-request');
  assert.equal(toProblem({ code: 'LIMIT_FILE_SIZE' })?.status, 413);
  assert.equal(toProblem({ status: 405, message: 'nope' })?.kind, 'method-not-allowed');
});

test('unexpected errors are not turned into client problems', () => {
  assert.equal(toProblem(new Error('boom')), undefined);
  assert.equal(toProblem({ status: 500 }), undefined);
  assert.equal(toProblem('text'), undefined);
  const own = new HttpProblem('conflict', 'exists');
  assert.equal(toProblem(own), own);
});
