import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TYPES_PATH, generateTypes } from './generate.ts';

test('generated OpenAPI types are in sync with openapi.yaml', async () => {
  assert.equal(
    readFileSync(TYPES_PATH, 'utf8'),
    await generateTypes(),
    'run: node services/api/src/generated/generate.ts',
  );
});
