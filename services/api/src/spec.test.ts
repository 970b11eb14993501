import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expressPath, loadSpec, operations } from './spec.ts';

test('every operation declares its access rule; authenticated ones name a valid role', () => {
  const ops = operations(loadSpec());
  assert.ok(ops.length >= 25, `only ${ops.length} operations`);
  const byId = new Map(ops.map((o) => [o.operationId, o]));
  assert.equal(byId.get('login')?.requiredRole, null);
  assert.equal(byId.get('listItems')?.requiredRole, 'viewer');
  assert.equal(byId.get('createFeed')?.requiredRole, 'editor');
  assert.equal(byId.get('updateUser')?.requiredRole, 'admin');
  assert.equal(new Set(ops.map((o) => o.operationId)).size, ops.length, 'operationIds are unique');
});

test('a spec operation without an access rule is refused', () => {
  const doc = loadSpec();
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
  delete paths['/api/v1/items']?.get?.['x-required-role'];
  assert.throws(() => operations(doc), /GET \/api\/v1\/items/);
});

test('OpenAPI path templates become Express paths', () => {
  assert.equal(expressPath('/api/v1/feeds/{namespace}/{name}'), '/api/v1/feeds/:namespace/:name');
});
