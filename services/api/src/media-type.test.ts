import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedBodies, unsupportedMediaType } from './media-type.ts';

const importOp = {
  requestBody: {
    content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'] } } },
  },
};

test('a missing body names the media type and the form fields the operation needs', () => {
  const p = unsupportedMediaType(acceptedBodies(importOp), undefined);
  assert.equal(p.status, 415);
  assert.equal(
    p.message,
    'expected a body as multipart/form-data (fields: file); the request had no body or no Content-Type',
  );
  assert.doesNotMatch(p.message, /undefined/);
});

test('a wrong Content-Type is quoted; several accepted types are listed', () => {
  const patch = {
    requestBody: { content: { 'application/json': {}, 'application/merge-patch+json': {} } },
  };
  const p = unsupportedMediaType(acceptedBodies(patch), 'text/plain');
  assert.match(
    p.message,
    /application\/json or application\/merge-patch\+json; Content-Type was "text\/plain"/,
  );
  assert.deepEqual(acceptedBodies(undefined), []);
});
