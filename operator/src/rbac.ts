/**
 * The operator's minimal RBAC, as data: the chart renders these rules (scripts/gen-chart-assets.ts)
 * and `operator/config/rbac.yaml` is generated from them (`node operator/src/rbac.ts --write`;
 * a unit test checks it is in sync).
 */
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

export const operatorClusterRoleRules: PolicyRule[] = [
  // Watch Feeds; finalizers and status are separate subresources.
  { apiGroups: ['tributary.dev'], resources: ['feeds'], verbs: ['get', 'list', 'watch', 'patch'] },
  { apiGroups: ['tributary.dev'], resources: ['feeds/status'], verbs: ['get', 'patch', 'update'] },
  { apiGroups: ['tributary.dev'], resources: ['feeds/finalizers'], verbs: ['update'] },
  // The CronJobs it owns (server-side apply = patch; create for the first apply); delete orphans.
  {
    apiGroups: ['batch'],
    resources: ['cronjobs'],
    verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'],
  },
  // Its Feeds' Jobs: a run that cannot report over NATS is seen here; the first fetch of a new
  // Feed or URL and retries of failed runs are Jobs it creates from the CronJob.
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create'] },
  // A failed run's pod: its termination message is the Feed's lastError.
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
  // The event recorder creates Events and bumps counts on repeats.
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
  // Leader election.
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
  // Applying its own CRD at start (TRIBUTARY_OPERATOR_APPLY_CRD=true).
  {
    apiGroups: ['apiextensions.k8s.io'],
    resources: ['customresourcedefinitions'],
    verbs: ['get', 'patch'],
    resourceNames: ['feeds.tributary.dev'],
  },
  // create is not restrictable by resourceNames: needed for the first apply of the CRD.
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create'] },
];

export function operatorClusterRole(name = 'tributary-operator') {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/name': 'tributary', 'app.kubernetes.io/component': 'operator' },
    },
    rules: operatorClusterRoleRules,
  };
}

export function operatorRbacYaml(): string {
  return `# Generated from operator/src/rbac.ts — do not edit; run: node operator/src/rbac.ts --write\n${stringify(operatorClusterRole(), { lineWidth: 120, aliasDuplicateObjects: false, singleQuote: true })}`;
}

export const RBAC_YAML_PATH = fileURLToPath(new URL('../config/rbac.yaml', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(RBAC_YAML_PATH, operatorRbacYaml());
}
