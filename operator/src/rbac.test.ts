import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { operatorClusterRoleRules, operatorRbacYaml, RBAC_YAML_PATH } from './rbac.ts';

test('operator/config/rbac.yaml is generated from rbac.ts (run: node operator/src/rbac.ts --write)', () => {
  assert.equal(readFileSync(RBAC_YAML_PATH, 'utf8'), operatorRbacYaml());
});

test('the rules cover what the operator does and nothing cluster-wide beyond it', () => {
  const can = (group: string, resource: string, verb: string) =>
    operatorClusterRoleRules.some(
      (r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
    );
  for (const [g, r, v] of [
    ['tributary.dev', 'feeds', 'watch'],
    ['tributary.dev', 'feeds/status', 'patch'],
    ['tributary.dev', 'feeds/finalizers', 'update'],
    ['batch', 'cronjobs', 'patch'],
    ['batch', 'jobs', 'list'],
    ['', 'events', 'create'],
    ['coordination.k8s.io', 'leases', 'update'],
    ['', 'configmaps', 'get'],
  ] as const)
    assert.ok(can(g, r, v), `${v} ${g}/${r}`);
  assert.ok(!operatorClusterRoleRules.some((r) => r.verbs.includes('*') || r.resources.includes('*')));
  assert.ok(!can('', 'secrets', 'get'), 'the operator never reads Secrets');
});
