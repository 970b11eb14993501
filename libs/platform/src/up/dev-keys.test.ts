import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeySet } from '@tributary/auth';
import { ensureDevSigningKeys } from './dev-keys.ts';

test('dev signing keys are created once (private file) and kept across restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dev-keys-'));
  try {
    const file = join(dir, 'api', 'signing-keys.json');
    assert.equal(await ensureDevSigningKeys(file), 'created');
    const first = readFileSync(file, 'utf8');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const set = await KeySet.fromJwks(JSON.parse(first));
    assert.equal(set.signer.alg, 'EdDSA');
    assert.equal(await ensureDevSigningKeys(file), 'kept');
    assert.equal(readFileSync(file, 'utf8'), first, 'the same key signs after a restart');
    writeFileSync(file, '{"keys": []}');
    await assert.rejects(ensureDevSigningKeys(file), /holds no valid signing keys.*delete it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
