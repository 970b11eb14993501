import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LOCAL_ADMIN_EMAIL,
  ingestConfigMap,
  localAdminEmails,
  nextSteps,
  platformProcesses,
  PLATFORM_PORTS,
  sampleFeeds,
} from './plan.ts';

const procs = platformProcesses({
  repoRoot: '/repo',
  stackEnv: { NATS_URL: 'nats://127.0.0.1:24222', DATABASE_URL: 'postgres://x' },
  runnerLogDir: '/logs/jobs',
  api: { jwtKeysFile: '/state/api/signing-keys.json', adminEmails: 'me@example.org' },
});

test('every platform process is identified by its own command line (pid-file match)', () => {
  for (const p of procs) {
    const cmdline = ['/usr/bin/node', ...p.args].join(' ');
    assert.ok(cmdline.includes(p.match), `${p.name}: "${p.match}" not in "${cmdline}"`);
    for (const other of procs.filter((o) => o !== p)) {
      assert.ok(!cmdline.includes(other.match), `${p.name}'s command line also matches ${other.name}`);
    }
  }
});

test('projections start before producers and the API last; ports are distinct and below the ephemeral range', () => {
  const names = procs.map((p) => p.name);
  assert.ok(names.indexOf('worker-store') < names.indexOf('operator'));
  assert.ok(names.indexOf('worker-graph') < names.indexOf('runner'));
  assert.equal(names.at(-1), 'api');
  const ports = Object.values(PLATFORM_PORTS);
  assert.equal(new Set(ports).size, ports.length);
  for (const port of ports) assert.ok(port < 32768);
  for (const p of procs) assert.equal(p.env.NATS_URL, 'nats://127.0.0.1:24222');
});

test('sample Feeds point at the local server; ingest jobs may fetch loopback', () => {
  const feeds = sampleFeeds('demo', 'http://127.0.0.1:18090');
  assert.equal(feeds.length, 4);
  for (const f of feeds) {
    assert.equal(f.metadata.namespace, 'demo');
    assert.match(f.spec.url, /^http:\/\/127\.0\.0\.1:18090\/feeds\/\d\.\w+$/);
  }
  const cm = ingestConfigMap('demo', 'nats://n:1');
  assert.equal(cm.data.TRIBUTARY_ALLOW_PRIVATE_NETWORKS, 'true');
  assert.equal(cm.data.NATS_URL, 'nats://n:1');
});

test('the local API keeps its signing keys in the state dir and names a local admin', () => {
  const api = procs.find((p) => p.name === 'api');
  assert.equal(api?.env.TRIBUTARY_JWT_KEYS_FILE, '/state/api/signing-keys.json');
  assert.equal(api?.env.TRIBUTARY_ADMIN_EMAILS, 'me@example.org');
  for (const p of procs.filter((o) => o.name !== 'api'))
    assert.equal(p.env.TRIBUTARY_JWT_KEYS_FILE, undefined);
  assert.equal(localAdminEmails({}), LOCAL_ADMIN_EMAIL);
  assert.equal(localAdminEmails({ TRIBUTARY_ADMIN_EMAILS: ' a@b.org,c@d.org ' }), 'a@b.org,c@d.org');
  const steps = nextSteps('/state', "'/n/node' /r/bin/tributary.js stack env", 'a@b.org,c@d.org');
  assert.match(steps, /eval "\$\('\/n\/node' \/r\/bin\/tributary\.js stack env\)"/);
  assert.match(steps, /register a@b\.org to get the admin role/);
});
