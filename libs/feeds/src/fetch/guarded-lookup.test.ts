import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FetchError } from './errors.ts';
import { resolveVetted } from './guarded-lookup.ts';

test('a blocked local address says why and where local feeds are allowed', async () => {
  await assert.rejects(resolveVetted('127.0.0.1', { allowPrivateNetworks: false }), (err: unknown) => {
    assert.ok(err instanceof FetchError);
    assert.equal(err.code, 'blocked-address');
    assert.match(err.message, /^refusing to fetch 127\.0\.0\.1: 127\.0\.0\.1 is a \w+ address; /);
    assert.match(err.message, /TRIBUTARY_ALLOW_PRIVATE_NETWORKS=true/);
    assert.match(err.message, /namespace tributary-demo/);
    return true;
  });
  const resolve = async () => [{ address: '10.1.2.3', family: 4 }];
  await assert.rejects(
    resolveVetted('feeds.internal', { allowPrivateNetworks: false, resolve }),
    /10\.1\.2\.3 is a/,
  );
  assert.deepEqual(await resolveVetted('127.0.0.1', { allowPrivateNetworks: true }), [
    { address: '127.0.0.1', family: 4 },
  ]);
});
