import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_PORTS,
  candidateOffsets,
  EPHEMERAL_PORT_START,
  offsetPorts,
  parseStackJson,
  portsFor,
  postgresRoot,
  resolveConfig,
  stackPaths,
} from './config.ts';
import type { Versions } from './versions.ts';
import { parseVersionsEnv, versionsFrom, loadVersions } from './versions.ts';

const versions: Versions = {
  node: '24.21.0',
  npm: '11.19.1',
  kubernetes: '1.35.4',
  containerd: '2.2.9',
  coredns: '1.15.0',
  kubeRouter: '2.1.0',
  localPathProvisioner: '0.0.30',
  traefik: '3.7.13',
  etcd: '3.5.35',
  helm: '3.22.0',
  natsServer: '2.12.15',
  neo4j: '5.26.30',
  postgresMajor: '15',
};

test('parseVersionsEnv reads KEY=value lines, skipping comments and stripping quotes', () => {
  const vars = parseVersionsEnv('# pinned\nNODE_VERSION=24.1.0\n\nexport HELM_VERSION="3.22.0"\nX=\'a b\'\n');
  assert.deepEqual(vars, { NODE_VERSION: '24.1.0', HELM_VERSION: '3.22.0', X: 'a b' });
  assert.throws(() => parseVersionsEnv('not a line'), /cannot parse/);
});

test('versionsFrom names the missing key', () => {
  assert.throws(() => versionsFrom({ NODE_VERSION: '24', NPM_VERSION: '11' }), /KUBERNETES_VERSION/);
});

test('the repo versions.env pins the tools the stack needs', () => {
  const v = loadVersions();
  assert.match(v.kubernetes, /^1\.35\.\d+$/);
  assert.match(v.etcd, /^3\.5\.\d+$/);
  assert.match(v.neo4j, /^5\.26\.\d+$/);
});

test('default ports avoid the standard ones', () => {
  assert.equal(DEFAULT_PORTS.postgres, 25432);
  assert.equal(DEFAULT_PORTS.kubeApiserver, 26443);
  const standard = new Set([5432, 4222, 8222, 7687, 2379, 2380, 6443]);
  for (const port of Object.values(DEFAULT_PORTS)) assert.ok(!standard.has(port), `${port}`);
});

test('offsetPorts shifts every port and rejects bad offsets', () => {
  const p = offsetPorts(100);
  assert.equal(p.nats, 24322);
  assert.equal(p.etcdPeer, 22480);
  assert.throws(() => offsetPorts(-1));
  assert.throws(() => offsetPorts(1.5));
  assert.throws(() => offsetPorts(4001));
});

test('no default or shifted port lies in the ephemeral range', () => {
  for (const offset of [0, ...candidateOffsets()]) {
    for (const port of Object.values(offsetPorts(offset)))
      assert.ok(port < EPHEMERAL_PORT_START, `${offset}: ${port}`);
  }
});

test('ports stored in stack.json win over the environment', () => {
  const stored = parseStackJson(JSON.stringify({ ports: offsetPorts(7) }));
  assert.equal(portsFor({ TRIBUTARY_STACK_PORT_OFFSET: '100' }, stored).nats, 24229);
  assert.equal(portsFor({ TRIBUTARY_STACK_PORT_OFFSET: '100' }, undefined).nats, 24322);
  assert.equal(parseStackJson('{"ports":{"nats":1}}'), undefined);
  assert.equal(parseStackJson('garbage'), undefined);
  assert.equal(parseStackJson(undefined), undefined);
});

test('state and cache dirs follow TRIBUTARY_CACHE / TRIBUTARY_STACK_DIR', () => {
  const a = stackPaths({ HOME: '/home/dev' }, false);
  assert.equal(a.cacheDir, '/home/dev/.cache/tributary');
  assert.equal(a.stateDir, '/home/dev/.cache/tributary/stack');
  assert.equal(a.toolsDir, '/home/dev/.cache/tributary/tools');
  assert.equal(a.postgresDataDir, '/home/dev/.cache/tributary/stack/postgres/data');
  const b = stackPaths({ HOME: '/h', TRIBUTARY_CACHE: '/c', TRIBUTARY_STACK_DIR: '/s' }, false);
  assert.equal(b.stateDir, '/s');
  assert.equal(b.logsDir, '/s/logs');
  assert.equal(b.toolsDir, '/c/tools');
});

test('as root, Postgres lives where the postgres user can reach it, one tree per state dir', () => {
  const a = postgresRoot('/root/.cache/tributary/stack', true);
  assert.match(a, /^\/var\/lib\/tributary\/stack-[0-9a-f]{12}$/);
  assert.notEqual(a, postgresRoot('/tmp/other', true));
  assert.equal(postgresRoot('/home/dev/stack', false), '/home/dev/stack/postgres');
});

test('resolveConfig points at versioned tool dirs', () => {
  const cfg = resolveConfig({ HOME: '/h' }, versions, { isRoot: false, storedJson: undefined });
  assert.equal(cfg.tools.kubeApiserver, '/h/.cache/tributary/tools/kubernetes-1.35.4/bin/kube-apiserver');
  assert.equal(cfg.tools.natsServer, '/h/.cache/tributary/tools/nats-server-2.12.15/bin/nats-server');
  assert.equal(cfg.tools.postgresBinDir, '/usr/lib/postgresql/15/bin');
  assert.equal(cfg.database, 'tributary');
});

test('candidate offsets never land on a default port', () => {
  const offsets = candidateOffsets();
  assert.ok(offsets.length > 10);
  assert.equal(offsets[0], 100);
  const defaults = new Set(Object.values(DEFAULT_PORTS));
  for (const o of offsets) for (const p of Object.values(offsetPorts(o))) assert.ok(!defaults.has(p));
});
