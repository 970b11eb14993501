// helm lint --strict and helm template over every CI values file, the restricted pod policy on every
// rendered pod, the monitoring gates, the values schema's strictness, and hadolint on the Dockerfile.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { policyViolations, workloads } from './policy.ts';
import {
  CommandError,
  chartDir,
  ensureHadolint,
  helmTemplate,
  kubernetesVersion,
  parseManifests,
  repoRoot,
  run,
  valuesFiles,
} from './tools.ts';
import type { Manifest } from './tools.ts';

const NS = 'tributary';
const MONITORING = [
  '--api-versions',
  'monitoring.coreos.com/v1/ServiceMonitor',
  '--api-versions',
  'monitoring.coreos.com/v1/PrometheusRule',
];
const kinds = (ms: Manifest[]): string[] => ms.map((m) => m.kind);
const byKind = (ms: Manifest[], kind: string): Manifest[] => ms.filter((m) => m.kind === kind);

test('the CI values files cover default, dev, production and ingress+TLS', () => {
  assert.deepEqual(
    valuesFiles.map((v) => v.name),
    ['default', 'dev', 'ingress-tls', 'production'],
  );
});

describe('helm lint --strict', () => {
  for (const { name, file } of valuesFiles) {
    test(name, async () => {
      const { stdout } = await run('helm', [
        'lint',
        '--strict',
        chartDir,
        '-f',
        file,
        '--kube-version',
        kubernetesVersion,
      ]);
      assert.match(stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }
});

describe('every rendered pod meets the restricted policy and has resources and probes', () => {
  for (const { name, file } of valuesFiles) {
    test(name, async () => {
      const manifests = parseManifests(await helmTemplate(file, NS, MONITORING));
      const ws = workloads(manifests);
      assert.ok(
        ws.length >= 6,
        `expected the operator, api, 3 workers and hook pods; got ${ws.map((w) => w.id)}`,
      );
      assert.deepEqual(ws.flatMap(policyViolations), []);
    });
  }
  test('the policy check itself catches violations', () => {
    const bad: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bad' },
      spec: {
        template: {
          spec: { containers: [{ name: 'c', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] },
        },
      },
    };
    const v = policyViolations(workloads([bad])[0]!);
    for (const want of [
      'runAsNonRoot',
      'allowPrivilegeEscalation',
      'drop ALL',
      'SYS_ADMIN',
      'seccomp',
      'root filesystem',
      'requests',
      'memory limit',
      'livenessProbe',
      'readinessProbe',
    ]) {
      assert.ok(
        v.some((s) => s.includes(want)),
        `no violation mentions ${want}: ${v.join('; ')}`,
      );
    }
  });
});

describe('rendered objects', () => {
  const file = (n: string): string => valuesFiles.find((v) => v.name === n)!.file;

  test('default: roles, two operator replicas with leader election, CRD kept on uninstall, migration hook', async () => {
    const ms = parseManifests(await helmTemplate(file('default'), NS));
    const deployments = Object.fromEntries(byKind(ms, 'Deployment').map((d) => [d.metadata.name, d]));
    assert.deepEqual(Object.keys(deployments).sort(), [
      'tributary-api',
      'tributary-operator',
      'tributary-worker-enrich',
      'tributary-worker-graph',
      'tributary-worker-store',
    ]);
    const op = deployments['tributary-operator'] as unknown as {
      spec: {
        replicas: number;
        template: { spec: { containers: { args: string[]; env: { name: string; value?: string }[] }[] } };
      };
    };
    assert.equal(op.spec.replicas, 2);
    const env = Object.fromEntries(op.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));
    assert.equal(env.TRIBUTARY_LEADER_ELECTION, 'true');
    assert.equal(env.TRIBUTARY_INGEST_CONFIGMAP, 'tributary-ingest');
    assert.equal(env.TRIBUTARY_INGEST_SERVICE_ACCOUNT, 'tributary-ingest');
    assert.deepEqual(op.spec.template.spec.containers[0]!.args, ['operator']);
    const crd = byKind(ms, 'CustomResourceDefinition')[0]!;
    assert.equal(crd.metadata.name, 'feeds.tributary.dev');
    assert.equal(crd.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
    const job = byKind(ms, 'Job')[0]!;
    assert.equal(job.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade');
    const ingestCm = byKind(ms, 'ConfigMap').find(
      (c) => c.metadata.name === 'tributary-ingest',
    ) as Manifest & { data: Record<string, string> };
    assert.deepEqual(Object.keys(ingestCm.data).sort(), [
      'LOG_LEVEL',
      'NATS_URL',
      'TRIBUTARY_ALLOW_PRIVATE_NETWORKS',
      'TRIBUTARY_JETSTREAM_CONFIG',
      'TRIBUTARY_NATS_PREFIX',
    ]);
    assert.equal(ingestCm.data.TRIBUTARY_ALLOW_PRIVATE_NETWORKS, 'false');
    const test = byKind(ms, 'Pod')[0]!;
    assert.equal(test.metadata.annotations?.['helm.sh/hook'], 'test');
    assert.ok(
      !kinds(ms).includes('Ingress') && !kinds(ms).includes('StatefulSet') && !kinds(ms).includes('CronJob'),
    );
    // PDBs only where more than one replica runs (a single-pod PDB would block node drains).
    assert.deepEqual(
      byKind(ms, 'PodDisruptionBudget')
        .map((p) => p.metadata.name)
        .sort(),
      ['tributary-api', 'tributary-operator'],
    );
    assert.deepEqual(byKind(parseManifests(await helmTemplate(file('dev'), NS)), 'PodDisruptionBudget'), []);
  });

  test('dev: in-cluster dependencies, migration after install, URLs point at them', async () => {
    const ms = parseManifests(await helmTemplate(file('dev'), NS));
    assert.deepEqual(
      byKind(ms, 'StatefulSet')
        .map((s) => s.metadata.name)
        .sort(),
      ['tributary-nats', 'tributary-neo4j', 'tributary-postgres'],
    );
    assert.equal(byKind(ms, 'Job')[0]!.metadata.annotations?.['helm.sh/hook'], 'post-install,pre-upgrade');
    const cm = byKind(ms, 'ConfigMap').find((c) => c.metadata.name === 'tributary-config') as Manifest & {
      data: Record<string, string>;
    };
    assert.equal(cm.data.NATS_URL, `nats://tributary-nats.${NS}.svc:4222`);
  });

  test('production: external secrets, digest-pinned image, JetStream R3, backup, extra feed namespaces', async () => {
    const ms = parseManifests(await helmTemplate(file('production'), NS));
    const api = byKind(ms, 'Deployment').find((d) => d.metadata.name === 'tributary-api') as unknown as {
      spec: {
        template: {
          spec: {
            containers: {
              image: string;
              env: { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
            }[];
          };
        };
      };
    };
    const c = api.spec.template.spec.containers[0]!;
    assert.match(c.image, /^registry\.example\.org\/platform\/tributary@sha256:[0-9a-f]{64}$/);
    const db = c.env.find((e) => e.name === 'DATABASE_URL');
    assert.equal(db?.valueFrom?.secretKeyRef?.name, 'tributary-postgres');
    assert.ok(
      !byKind(ms, 'Secret').some((s) => s.metadata.name === 'tributary-config'),
      'no chart-made credentials Secret',
    );
    const cm = byKind(ms, 'ConfigMap').find((m) => m.metadata.name === 'tributary-config') as Manifest & {
      data: Record<string, string>;
    };
    assert.equal((JSON.parse(cm.data.TRIBUTARY_JETSTREAM_CONFIG!) as { replicas: number }).replicas, 3);
    assert.equal(byKind(ms, 'CronJob')[0]!.metadata.name, 'tributary-backup');
    const ingestNs = byKind(ms, 'ConfigMap')
      .filter((m) => m.metadata.name === 'tributary-ingest')
      .map((m) => m.metadata.namespace);
    assert.deepEqual(ingestNs.sort(), ['news', 'research', NS].sort());
  });

  test('ingress + TLS: paths, TLS secret, rate-limit annotations', async () => {
    const ms = parseManifests(await helmTemplate(file('ingress-tls'), NS));
    const ing = byKind(ms, 'Ingress')[0] as unknown as Manifest & {
      spec: {
        ingressClassName: string;
        tls: { secretName: string; hosts: string[] }[];
        rules: { host: string; http: { paths: { path: string }[] } }[];
      };
    };
    assert.equal(ing.spec.ingressClassName, 'nginx');
    assert.equal(ing.spec.tls[0]!.secretName, 'tributary-tls');
    assert.deepEqual(
      ing.spec.rules[0]!.http.paths.map((p) => p.path),
      ['/', '/api', '/ui', '/docs', '/openapi.json', '/.well-known'],
    );
    assert.equal((ing.spec.rules[0]!.http.paths[0] as { pathType?: string }).pathType, 'Exact');
    assert.equal(ing.metadata.annotations?.['nginx.ingress.kubernetes.io/limit-rps'], '10');
  });

  test('ServiceMonitor and PrometheusRule render only when the cluster serves their API', async () => {
    const without = kinds(parseManifests(await helmTemplate(file('default'), NS)));
    assert.ok(!without.includes('ServiceMonitor') && !without.includes('PrometheusRule'));
    const withApi = parseManifests(await helmTemplate(file('default'), NS, MONITORING));
    assert.equal(byKind(withApi, 'ServiceMonitor').length, 1);
    const rule = byKind(withApi, 'PrometheusRule')[0] as unknown as {
      spec: { groups: { rules: { alert: string }[] }[] };
    };
    const alerts = rule.spec.groups.flatMap((g) => g.rules.map((r) => r.alert));
    for (const a of [
      'TributaryFeedFailing',
      'TributaryConsumerLag',
      'TributaryDeadLetters',
      'TributaryReconcileErrors',
    ]) {
      assert.ok(alerts.includes(a), `missing alert ${a}`);
    }
  });

  test('without signing keys the chart refuses to render, unless ephemeral dev keys are allowed', async () => {
    await assert.rejects(
      run('helm', ['template', 'tributary', chartDir, '--kube-version', kubernetesVersion]),
      (e: unknown) =>
        e instanceof CommandError && /api\.auth\.jwt\.existingSecret is required/.test(e.stderr),
    );
    const env = (ms: Manifest[]): Record<string, unknown> => {
      const api = byKind(ms, 'Deployment').find((d) => d.metadata.name === 'tributary-api') as unknown as {
        spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
      };
      return Object.fromEntries(api.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));
    };
    const dev = env(parseManifests(await helmTemplate(file('dev'), NS)));
    assert.equal(dev.NODE_ENV, 'development');
    assert.equal(dev.TRIBUTARY_RATE_LIMIT_STORE, 'memory');
    const prod = env(parseManifests(await helmTemplate(file('production'), NS)));
    assert.equal(prod.TRIBUTARY_JWT_KEYS_FILE, '/etc/tributary/jwt/jwks.json');
    assert.ok(!('NODE_ENV' in prod));
    assert.equal(prod.TRIBUTARY_RATE_LIMIT_STORE, 'nats', 'replicas share rate-limit counters');
    assert.equal(env(parseManifests(await helmTemplate(file('ingress-tls'), NS))).TRIBUTARY_TRUST_PROXY, '1');
  });

  test('ingest modes: cronjob by default (no worker); pooled renders the worker, the mode on the operator, HPA only when enabled', async () => {
    type Env = { name: string; value?: string }[];
    type Dep = { spec: { template: { spec: { containers: { args: string[]; env: Env }[] } } } };
    const modeOf = (ms: Manifest[]) =>
      (
        byKind(ms, 'Deployment').find((d) => d.metadata.name === 'tributary-operator') as unknown as Dep
      ).spec.template.spec.containers[0]!.env.find((e) => e.name === 'TRIBUTARY_INGEST_MODE')?.value;
    const cron = parseManifests(await helmTemplate(file('default'), NS));
    assert.equal(modeOf(cron), 'cronjob');
    assert.equal(cron.filter((m) => m.metadata.name === 'tributary-ingest-worker').length, 0);

    const pooled = parseManifests(await helmTemplate(file('default'), NS, ['--set', 'ingest.mode=pooled']));
    assert.equal(modeOf(pooled), 'pooled');
    const worker = pooled.find(
      (m) => m.kind === 'Deployment' && m.metadata.name === 'tributary-ingest-worker',
    ) as unknown as (Dep & { spec: { replicas: number } }) | undefined;
    assert.ok(worker, 'the ingest-worker Deployment');
    assert.equal(worker.spec.replicas, 2);
    const c = worker.spec.template.spec.containers[0]!;
    assert.deepEqual(c.args, ['worker', 'ingest']);
    assert.equal(c.env.find((e) => e.name === 'TRIBUTARY_INGEST_PER_HOST')?.value, '2');
    assert.equal(byKind(pooled, 'HorizontalPodAutoscaler').length, 0, 'HPA off by default');
    assert.ok(
      pooled.some((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'tributary-ingest-worker'),
    );

    const scaled = parseManifests(
      await helmTemplate(file('default'), NS, [
        '--set',
        'ingest.mode=pooled',
        '--set',
        'ingest.worker.autoscaling.enabled=true',
      ]),
    );
    const [hpa] = byKind(scaled, 'HorizontalPodAutoscaler') as unknown as {
      spec: { scaleTargetRef: { name: string }; maxReplicas: number };
    }[];
    assert.equal(hpa?.spec.scaleTargetRef.name, 'tributary-ingest-worker');
    assert.equal(hpa?.spec.maxReplicas, 10);
    await assert.rejects(helmTemplate(file('default'), NS, ['--set', 'ingest.mode=threads']), CommandError);
  });

  test('the operator watches only the namespaces prepared for ingest jobs', async () => {
    const ms = parseManifests(await helmTemplate(file('production'), NS));
    const op = byKind(ms, 'Deployment').find((d) => d.metadata.name === 'tributary-operator') as unknown as {
      spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
    };
    const watch = op.spec.template.spec.containers[0]!.env.find(
      (e) => e.name === 'TRIBUTARY_WATCH_NAMESPACES',
    );
    assert.equal(watch?.value, `${NS},news,research`);
  });

  test('NetworkPolicies: default deny, then exactly the flows each role needs', async () => {
    type Rule = { ports?: { port: number }[] };
    type Policy = Manifest & {
      spec: {
        podSelector: { matchLabels?: Record<string, string> };
        policyTypes: string[];
        ingress?: Rule[];
        egress?: Rule[];
      };
    };
    const egressPorts = (ms: Manifest[], component: string): number[] => {
      const p = byKind(ms, 'NetworkPolicy').find(
        (n) => n.metadata.name === `tributary-${component}`,
      ) as Policy;
      return [...new Set((p.spec.egress ?? []).flatMap((r) => (r.ports ?? []).map((x) => x.port)))].sort(
        (a, b) => a - b,
      );
    };
    const ms = parseManifests(await helmTemplate(file('default'), NS));
    const deny = byKind(ms, 'NetworkPolicy').find(
      (n) => n.metadata.name === 'tributary-default-deny',
    ) as Policy;
    assert.deepEqual(deny.spec.policyTypes, ['Ingress', 'Egress']);
    assert.equal(deny.spec.ingress, undefined);
    assert.equal(deny.spec.egress, undefined);
    assert.deepEqual(egressPorts(ms, 'operator'), [443, 4222, 6443]);
    assert.deepEqual(egressPorts(ms, 'api'), [443, 4222, 5432, 6443, 7687]);
    assert.deepEqual(egressPorts(ms, 'worker-store'), [4222, 5432]);
    assert.deepEqual(egressPorts(ms, 'worker-graph'), [4222, 7687]);
    assert.deepEqual(egressPorts(ms, 'worker-enrich'), [4222]);
    assert.deepEqual(egressPorts(ms, 'migrate'), [5432]);
    assert.deepEqual(egressPorts(ms, 'test'), [8080]);
    // Ingest jobs: DNS, NATS and the public internet (all ports), private ranges excepted.
    const ingest = byKind(ms, 'NetworkPolicy').find((n) => n.metadata.name === 'tributary-ingest') as Policy;
    assert.deepEqual(ingest.spec.podSelector.matchLabels, {
      'app.kubernetes.io/managed-by': 'tributary-operator',
    });
    const open = JSON.stringify(ingest.spec.egress?.at(-1));
    assert.match(open, /"cidr":"0\.0\.0\.0\/0","except":\["10\.0\.0\.0\/8"/);
    // Sign-in providers configured: the API may reach public HTTPS endpoints, never private ones.
    const prod = parseManifests(await helmTemplate(file('production'), NS));
    const api = byKind(prod, 'NetworkPolicy').find((n) => n.metadata.name === 'tributary-api') as Policy;
    assert.match(JSON.stringify(api.spec.egress?.at(-1)), /"except":\["10\.0\.0\.0\/8".*"port":443/);
    const dev = parseManifests(await helmTemplate(file('dev'), NS));
    assert.ok(byKind(dev, 'NetworkPolicy').some((n) => n.metadata.name === 'tributary-dev-postgres'));
  });

  test('the values schema rejects unknown keys and bad values', async () => {
    const cases: [string, RegExp][] = [
      ['operator.replicas=2', /replicas/],
      ['logLevel=verbose', /logLevel/],
      ['nats.url=http://nats:4222', /nats/],
    ];
    for (const [set, msg] of cases) {
      await assert.rejects(helmTemplate(file('default'), NS, ['--set', set]), (e: unknown) => {
        assert.ok(e instanceof CommandError);
        assert.match(e.stderr, msg);
        return true;
      });
    }
  });
});

test('the Grafana dashboard is valid JSON whose queries use documented metrics', () => {
  const dash = JSON.parse(readFileSync(join(chartDir, 'dashboards/tributary.json'), 'utf8')) as {
    panels: { targets?: { expr: string }[] }[];
  };
  const documented = readFileSync(join(repoRoot, 'docs/metrics.md'), 'utf8');
  const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  assert.ok(exprs.length >= 8, 'dashboard has its panels');
  const names = new Set(
    exprs.flatMap(
      (e) =>
        e.match(
          /\b[a-z_]+(?:_total|_seconds(?:_bucket|_count|_sum)?|_messages|_failures|_status|_depth|_workers|_bytes)\b/g,
        ) ?? [],
    ),
  );
  for (const n of names) {
    const base = n.replace(/_(bucket|count|sum)$/, '');
    assert.ok(documented.includes(`\`${base}`), `docs/metrics.md does not document ${base}`);
  }
});

test('hadolint: the Dockerfile is clean', async () => {
  const hadolint = await ensureHadolint();
  const { stdout } = await run(hadolint, ['--failure-threshold', 'style', join(repoRoot, 'Dockerfile')]);
  assert.equal(stdout.trim(), '');
});
