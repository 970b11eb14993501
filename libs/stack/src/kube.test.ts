import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCaPem, renderKubeconfig, renderTokenFile } from './kube.ts';

test('token file: the admin is in system:masters', () => {
  assert.equal(renderTokenFile('abc'), 'abc,tributary-admin,tributary-admin,"system:masters"\n');
});

test('kubeconfig pins the CA when known, else skips TLS verification', () => {
  const pinned = renderKubeconfig({ server: 'https://127.0.0.1:26443', token: 't0k', caPem: 'PEM' });
  assert.match(pinned, /server: https:\/\/127\.0\.0\.1:26443/);
  assert.match(pinned, new RegExp(`certificate-authority-data: ${Buffer.from('PEM').toString('base64')}`));
  assert.match(pinned, /token: t0k/);
  assert.match(pinned, /current-context: tributary-local/);
  assert.match(renderKubeconfig({ server: 'https://x', token: 't' }), /insecure-skip-tls-verify: true/);
});

test('findCaPem: no CA in a bundle without certificates', () => {
  assert.equal(findCaPem('nothing here'), undefined);
});
