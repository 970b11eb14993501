import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from './passwords.ts';

test('scrypt hashes verify, are salted and reject wrong passwords', async () => {
  const params = { log2N: 10, r: 8, p: 1 };
  const a = await hashPassword('correct horse', params);
  const b = await hashPassword('correct horse', params);
  assert.notEqual(a, b);
  assert.match(a, /^scrypt\$10\$8\$1\$/);
  assert.equal(await verifyPassword('correct horse', a), true);
  assert.equal(await verifyPassword('wrong horse', a), false);
  assert.equal(await verifyPassword('x', 'plain-text'), false);
  assert.equal(await verifyPassword('x', 'scrypt$99$8$1$aa$bb'), false);
});

test('the default parameters are memory-hard (N=2^15) and still verify', async () => {
  const h = await hashPassword('pw');
  assert.match(h, /^scrypt\$15\$8\$1\$/);
  assert.equal(await verifyPassword('pw', h), true);
});
