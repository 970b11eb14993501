// Every manifest the chart renders (for every CI values file) is accepted by a real kube-apiserver:
// server-side apply in dry-run mode, in a namespace that enforces the restricted Pod Security
// Standard, after the chart's own Feed CRD has been applied. The examples/ Feeds validate against it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { globSync } from 'node:fs';
import { join } from 'node:path';
import { useStack, waitFor } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { CommandError, chartDir, helmTemplate, parseManifests, repoRoot, run, valuesFiles } from './tools.ts';
import type { RunResult } from './tools.ts';

let env: StackEnv;
let ns: string;
let feedNs: string;

const kubectl = (args: string[], input?: string): Promise<RunResult> =>
  run('kubectl', ['--kubeconfig', env.KUBECONFIG, ...args], {
    ...(input === undefined ? {} : { input }),
    timeoutMs: 120_000,
  });

const dryRun = (input: string): Promise<RunResult> =>
  kubectl(['apply', '--server-side', '--dry-run=server', '--field-manager=helm', '-f', '-'], input);

before(async () => {
  env = await useStack({ servers: ['etcd', 'kube-apiserver'] });
  ns = await env.createNamespace();
  feedNs = await env.createNamespace();
  for (const n of [ns, feedNs]) {
    await kubectl([
      'label',
      'namespace',
      n,
      'pod-security.kubernetes.io/enforce=restricted',
      'pod-security.kubernetes.io/warn=restricted',
      '--overwrite',
    ]);
    // The helm test Pod runs as "default", which the controller-manager creates in a new namespace.
    await waitFor(`ServiceAccount ${n}/default`, () =>
      kubectl(['get', 'serviceaccount', 'default', '-n', n]),
    );
  }
  // The Feed CRD must exist for the examples. The shared apiserver's copy belongs to whoever applied
  // it first (the operator's tests apply the same definition): create it only when missing, never
  // overwrite it — the rendered copy itself is validated by the dry-runs below.
  const crd = parseManifests(await helmTemplate(valuesFiles[0]!.file, ns)).find(
    (m) => m.kind === 'CustomResourceDefinition',
  );
  await kubectl(['create', '-f', '-'], JSON.stringify(crd)).catch((e: unknown) => {
    if (!(e instanceof CommandError && /AlreadyExists/.test(e.stderr))) throw e;
  });
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/feeds.tributary.dev']);
});
after(() => env?.cleanup());

describe('server-side dry-run of every rendered manifest', () => {
  for (const { name, file } of valuesFiles) {
    test(name, async () => {
      // Feed namespaces must exist on the server: point the list at this suite's second namespace.
      const rendered = await helmTemplate(file, ns, [
        '--set-json',
        `feedNamespaces=${JSON.stringify([feedNs])}`,
      ]);
      const manifests = parseManifests(rendered);
      assert.ok(manifests.length > 20);
      const { stdout, stderr } = await dryRun(manifests.map((m) => JSON.stringify(m)).join('\n'));
      const applied = stdout.split('\n').filter((l) => /serverside-applied \(server dry run\)$/.test(l));
      assert.equal(applied.length, manifests.length, stdout);
      // Pod Security admission warns (never silently) about workloads that would violate restricted.
      assert.doesNotMatch(stderr, /Warning:/, stderr);
    });
  }

  test('the namespace really enforces restricted: a root pod is refused, a root Deployment warned about', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'root', namespace: ns },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    await assert.rejects(
      dryRun(JSON.stringify(pod)),
      (e: unknown) => e instanceof CommandError && /violates PodSecurity "restricted/.test(e.stderr),
    );
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'root', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'root' } },
        template: {
          metadata: { labels: { app: 'root' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    };
    const { stderr } = await dryRun(JSON.stringify(deployment));
    assert.match(stderr, /Warning: would violate PodSecurity "restricted/);
  });
});

describe('helm install --dry-run renders NOTES.txt', () => {
  for (const { name, file } of valuesFiles) {
    test(name, async () => {
      // crds.install=false: a CRD applied earlier by another field manager cannot be adopted by Helm.
      const { stdout } = await run(
        'helm',
        [
          'install',
          'tributary',
          chartDir,
          '--dry-run=client',
          '-n',
          ns,
          '-f',
          file,
          '--set',
          'crds.install=false',
          '--set-json',
          `feedNamespaces=${JSON.stringify([feedNs])}`,
        ],
        {
          env: { KUBECONFIG: env.KUBECONFIG },
        },
      );
      const notes = stdout.slice(stdout.indexOf('\nNOTES:\n'));
      assert.match(
        notes,
        new RegExp(`Tributary \\S+ is installed as release "tributary" in namespace "${ns}"`),
      );
      assert.match(notes, new RegExp(`helm test tributary -n ${ns}`));
      assert.doesNotMatch(notes, /<no value>|%!/);
    });
  }
});

describe('examples/', () => {
  test('every example is accepted by the Feed CRD', async () => {
    const files = globSync('examples/*.yaml', { cwd: repoRoot });
    assert.ok(files.length >= 4);
    for (const f of files) {
      const { stdout } = await kubectl([
        'apply',
        '--server-side',
        '--dry-run=server',
        '-n',
        ns,
        '-f',
        join(repoRoot, f),
      ]);
      assert.match(stdout, /feed\.tributary\.dev\/\S+ serverside-applied/, f);
    }
  });

  test('a Feed with both schedule and interval is rejected with the CRD message', async () => {
    const bad = {
      apiVersion: 'tributary.dev/v1alpha1',
      kind: 'Feed',
      metadata: { name: 'bad', namespace: ns },
      spec: { url: 'https://example.org/feed.xml', schedule: '*/5 * * * *', interval: '5m' },
    };
    await assert.rejects(
      dryRun(JSON.stringify(bad)),
      (e: unknown) =>
        e instanceof CommandError && /exactly one of spec.schedule or spec.interval/.test(e.stderr),
    );
  });
});
