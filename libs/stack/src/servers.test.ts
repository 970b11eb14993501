import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from './config.ts';
import { loadVersions } from './versions.ts';
import { serverSpecs, startWaves, stopWaves } from './servers.ts';

const cfg = resolveConfig({ HOME: '/h', TRIBUTARY_STACK_DIR: '/s', TRIBUTARY_NODE: '0' }, loadVersions(), {
  isRoot: false,
  storedJson: undefined,
});
const specs = serverSpecs(cfg, { adminToken: 'tok', postgresUser: undefined });

test('etcd: loopback URLs, data in the state dir, no fsync', () => {
  const a = specs.etcd.args;
  assert.ok(a.includes('--listen-client-urls=http://127.0.0.1:22379'));
  assert.ok(a.includes('--listen-peer-urls=http://127.0.0.1:22380'));
  assert.ok(a.includes('--data-dir=/s/etcd'));
  assert.ok(a.includes('--unsafe-no-fsync'));
});

test('kube-apiserver: envtest-style flags with token auth, RBAC and service-account keys', () => {
  const a = specs['kube-apiserver'].args;
  for (const flag of [
    '--etcd-servers=http://127.0.0.1:22379',
    '--secure-port=26443',
    '--bind-address=127.0.0.1',
    '--authorization-mode=RBAC',
    '--token-auth-file=/s/kube/tokens.csv',
    '--service-account-key-file=/s/kube/service-account.pub',
    '--service-account-signing-key-file=/s/kube/service-account.key',
    '--cert-dir=/s/kube/certs',
    '--service-cluster-ip-range=10.0.0.0/24',
  ]) {
    assert.ok(a.includes(flag), flag);
  }
  assert.ok(a.some((f) => f.startsWith('--service-account-issuer=')));
  const health = specs['kube-apiserver'].health;
  assert.equal(health.kind === 'http' && health.bearerToken, 'tok');
  assert.deepEqual(specs['kube-apiserver'].dependsOn, ['etcd']);
});

test('postgres: loopback only, fast shutdown signal, runs as the given user', () => {
  const pg = specs.postgres;
  assert.ok(pg.args.includes('listen_addresses=127.0.0.1'));
  assert.deepEqual(pg.args.slice(0, 4), ['-D', '/s/postgres/data', '-p', '25432']);
  assert.equal(pg.stopSignal, 'SIGINT');
  assert.equal(pg.user, undefined);
  assert.equal(serverSpecs(cfg, { adminToken: '', postgresUser: 'postgres' }).postgres.user, 'postgres');
});

test('nats: JetStream with its store in the state dir; monitoring port for health', () => {
  const a = specs.nats.args;
  assert.ok(a.includes('--jetstream'));
  assert.equal(a[a.indexOf('--store_dir') + 1], '/s/nats');
  assert.equal(a[a.indexOf('--port') + 1], '24222');
  const health = specs.nats.health;
  assert.ok(health.kind === 'http' && health.url.startsWith('http://127.0.0.1:28222/healthz'));
});

test('neo4j: launcher with Bolt port and data dir, modest heap by default', () => {
  assert.deepEqual(specs.neo4j.args, ['--data', '/s/neo4j', '--bolt-port', '27687', '--host', '127.0.0.1']);
  assert.match(specs.neo4j.env.NEO4J_JAVA_OPTS ?? '', /-Xmx1g/);
});

test('pid matches are paths inside this state dir (no clash with a second stack)', () => {
  for (const spec of Object.values(specs)) assert.ok(spec.match.includes('/s/'), spec.name);
});

test('start waves: etcd before kube-apiserver, dependencies pulled in', () => {
  assert.deepEqual(startWaves(['kube-apiserver'], specs), [['etcd'], ['kube-apiserver']]);
  const waves = startWaves(['etcd', 'kube-apiserver', 'postgres', 'nats', 'neo4j'], specs);
  assert.equal(waves.length, 2);
  assert.deepEqual(waves[1], ['kube-apiserver']);
  assert.deepEqual(startWaves(['nats'], specs), [['nats']]);
});

test('stop waves: dependents stop first and are included', () => {
  const stack = ['etcd', 'kube-apiserver', 'postgres', 'nats', 'neo4j'] as const;
  assert.deepEqual(stopWaves(['etcd'], specs, stack), [['kube-apiserver'], ['etcd']]);
  assert.deepEqual(stopWaves(['kube-apiserver'], specs, stack), [['kube-apiserver']]);
  assert.deepEqual(stopWaves(['nats'], specs, stack), [['nats']]);
});

test('stop waves with a node: its servers stop before the apiserver, the kubelet before containerd', () => {
  assert.deepEqual(stopWaves(['containerd'], specs), [['kubelet'], ['containerd']]);
  const waves = stopWaves(['etcd'], specs);
  assert.deepEqual(waves.slice(-2), [['kube-apiserver'], ['etcd']]);
  assert.deepEqual(
    new Set(waves[0]),
    new Set(['kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy']),
  );
});
