import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageIdTag } from './names.ts';

test('imageIdTag names the repository with the image id as tag, as skaffold deploys a local build', () => {
  const id = 'sha256:0123abcd';
  assert.equal(imageIdTag('localhost/tributary:v1-dirty', id), 'localhost/tributary:0123abcd');
  assert.equal(imageIdTag('localhost:5000/team/app:tag@sha256:ff', id), 'localhost:5000/team/app:0123abcd');
  assert.equal(imageIdTag('localhost:5000/app', '0123abcd'), 'localhost:5000/app:0123abcd');
});
