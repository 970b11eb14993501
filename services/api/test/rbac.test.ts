/**
 * Table-driven RBAC: every operation in openapi.yaml × every role (and no token). A role below the
 * operation's x-required-role gets 403, no token gets 401, and a sufficient role is never refused
 * for authorization reasons (its request may still be a 400/404 — parameters here are samples).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasRole } from '@tributary/auth';
import type { Role } from '@tributary/auth';
import { loadSpec, operations } from '../src/spec.ts';
import { bootstrapAdmin, call, startTestApi, userWithRole } from './harness.ts';
import type { Session, TestApi } from './harness.ts';

let api: TestApi;
const sessions = new Map<Role, Session>();

before(async () => {
  api = await startTestApi();
  const admin = await bootstrapAdmin(api);
  sessions.set('admin', admin);
  sessions.set('editor', await userWithRole(api, admin, 'editor', 'rbac-editor@example.org'));
  sessions.set('viewer', await userWithRole(api, admin, 'viewer', 'rbac-viewer@example.org'));
});
after(async () => api?.close());

function samplePath(path: string): string {
  const samples: Record<string, string> = {
    namespace: api.namespace,
    name: 'no-such-feed',
    provider: 'github',
    id: path.startsWith('/api/v1/users')
      ? '00000000-0000-4000-8000-000000000000'
      : path.startsWith('/api/v1/entities')
        ? 'person:nobody'
        : encodeURIComponent('uid:key'),
  };
  return path.replace(/\{([^}]+)\}/g, (_, p: string) => samples[p] ?? 'x');
}

test('every operation enforces its declared role', async () => {
  const ops = operations(loadSpec());
  const rows: string[] = [];
  for (const op of ops) {
    const path = samplePath(op.path) + (op.operationId === 'getNeighborhood' ? '?node=uid%3Akey' : '');
    const method = op.method.toUpperCase();
    const body =
      ['POST', 'PATCH', 'PUT'].includes(method) && op.operationId !== 'importOpml' ? {} : undefined;
    const anon = await call(api.url, method, path, { body });
    if (op.requiredRole === null) {
      assert.ok(
        ![401, 403].includes(anon.status) || op.path.includes('callback'),
        `${op.operationId} anonymous: ${anon.status}`,
      );
    } else {
      assert.equal(anon.status, 401, `${op.operationId} anonymous`);
    }
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      const r = await call(api.url, method, path, { body, token: sessions.get(role)?.accessToken });
      const allowed = op.requiredRole === null || hasRole(role, op.requiredRole);
      if (allowed)
        assert.ok(
          ![401, 403].includes(r.status),
          `${op.operationId} as ${role}: ${r.status} ${JSON.stringify(r.body)}`,
        );
      else assert.equal(r.status, 403, `${op.operationId} as ${role}`);
      assert.ok(r.status < 500, `${op.operationId} as ${role}: ${r.status} ${JSON.stringify(r.body)}`);
      rows.push(`${op.operationId}:${role}:${r.status}`);
    }
  }
  assert.equal(rows.length, ops.length * 3);
});
