// helm install → upgrade → rollback → uninstall against the real kube-apiserver (objects are really
// created; with no kubelet, no pod runs, so hooks are skipped and nothing is awaited). Proves the
// chart's objects survive an upgrade that changes them and a rollback to the previous revision.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { chartDir, run, valuesFiles } from './tools.ts';

let env: StackEnv;
let ns: string;
let release: string;

const helm = (args: string[]) =>
  run('helm', [...args, '--namespace', ns], { env: { KUBECONFIG: env.KUBECONFIG }, timeoutMs: 180_000 });
const kubectlJson = async <T>(args: string[]): Promise<T> =>
  JSON.parse(
    (await run('kubectl', ['--kubeconfig', env.KUBECONFIG, '-n', ns, ...args, '-o', 'json'])).stdout,
  ) as T;
const replicas = async (name: string): Promise<number> =>
  (await kubectlJson<{ spec: { replicas: number } }>(['get', 'deployment', `${release}-tributary-${name}`]))
    .spec.replicas;
const production = valuesFiles.find((v) => v.name === 'production')!.file;
// Cluster-scoped names derive from the release: a per-suite release never collides with others.
const common = () => [
  '-f',
  production,
  '--set',
  'crds.install=false',
  '--set-json',
  `feedNamespaces=[]`,
  '--no-hooks',
];

before(async () => {
  env = await useStack({ servers: ['etcd', 'kube-apiserver'] });
  ns = await env.createNamespace();
  release = `t${env.id.replace(/[^a-z0-9]/g, '').slice(-8)}`;
});
after(async () => {
  await helm(['uninstall', release]).catch(() => undefined);
  await env?.cleanup();
});

test('install, upgrade, rollback and uninstall a release', async () => {
  await helm(['install', release, chartDir, ...common()]);
  assert.equal(await replicas('api'), 3);

  await helm([
    'upgrade',
    release,
    chartDir,
    ...common(),
    '--set',
    'api.replicaCount=4',
    '--set',
    'workers.enrich.enabled=false',
  ]);
  assert.equal(await replicas('api'), 4);
  await assert.rejects(kubectlJson(['get', 'deployment', `${release}-tributary-worker-enrich`]), /NotFound/);

  await helm(['rollback', release, '1']);
  assert.equal(await replicas('api'), 3);
  assert.equal(await replicas('worker-enrich'), 2);
  const history = JSON.parse((await helm(['history', release, '-o', 'json'])).stdout) as {
    revision: number;
    status: string;
  }[];
  assert.deepEqual(
    history.map((h) => [h.revision, h.status]),
    [
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ],
  );

  await helm(['uninstall', release]);
  await assert.rejects(kubectlJson(['get', 'deployment', `${release}-tributary-api`]), /NotFound/);
  await assert.rejects(
    run('kubectl', ['--kubeconfig', env.KUBECONFIG, 'get', 'clusterrole', `${release}-tributary-operator`]),
    /NotFound/,
  );
});
