// Two operator processes share one Lease: only the leader reconciles; kill -9 the leader and the
// other takes over within the lease duration; SIGTERM releases the Lease and exits 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { TRIBUTARY_BIN } from '@tributary/stack';
import { useStack } from '@tributary/testkit';
import type { StackEnv } from '@tributary/testkit';
import { getIfExists, KubeClient, resources } from '@tributary/k8s';
import type { LeaseSpec } from '@tributary/k8s';
import { applyFeed, getCronJob, waitFor } from './helpers.ts';

interface Proc {
  child: ChildProcess;
  identity: string;
  output: string;
}

describe('leader election', () => {
  let env: StackEnv;
  let ns: string;
  let client: KubeClient;
  const procs: Proc[] = [];
  const LEASE = 'tributary-operator-test';

  function startOperatorProcess(podName: string): Proc {
    const child = spawn(
      process.execPath,
      [TRIBUTARY_BIN, 'operator', '--namespace', ns, '--metrics-port', '0', '--no-status-feedback'],
      {
        env: {
          ...process.env,
          KUBECONFIG: env.KUBECONFIG,
          POD_NAME: podName,
          POD_NAMESPACE: ns,
          TRIBUTARY_LEASE_NAME: LEASE,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const p: Proc = { child, identity: `${podName}_${child.pid}`, output: '' };
    child.stderr?.on('data', (d: Buffer) => (p.output += d.toString()));
    procs.push(p);
    return p;
  }

  const lease = async () =>
    (await getIfExists<{ spec: LeaseSpec }>(client, resources.leases, ns, LEASE))?.spec;

  before(async () => {
    env = await useStack({ servers: ['etcd', 'kube-apiserver'] });
    ns = await env.createNamespace();
    client = new KubeClient(env.kubeConfig());
  });

  after(async () => {
    for (const p of procs)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await env?.cleanup();
  });

  test('only the leader reconciles; after kill -9 the standby takes over within ~15 s', async () => {
    const a = startOperatorProcess('op-a');
    const b = startOperatorProcess('op-b');
    const holder = await waitFor(
      'a lease holder',
      async () => (await lease())?.holderIdentity || undefined,
      60_000,
    );
    const leader = holder === a.identity ? a : b;
    const standby = leader === a ? b : a;
    assert.ok([a.identity, b.identity].includes(holder), holder);
    await applyFeed(client, ns, 'one', { url: 'https://example.org/1.xml', interval: '1h' });
    await waitFor('CronJob feed-one', () => getCronJob(client, ns, 'feed-one'), 30_000);
    assert.match(leader.output, /leading: starting workers/);
    assert.doesNotMatch(standby.output, /leading: starting workers/, 'the standby never started workers');

    leader.child.kill('SIGKILL');
    const killedAt = Date.now();
    await applyFeed(client, ns, 'two', { url: 'https://example.org/2.xml', interval: '1h' });
    await waitFor(
      'standby holds the lease',
      async () => (await lease())?.holderIdentity === standby.identity,
      30_000,
    );
    await waitFor('CronJob feed-two from the new leader', () => getCronJob(client, ns, 'feed-two'), 30_000);
    const takeover = (Date.now() - killedAt) / 1000;
    assert.ok(takeover <= 20, `takeover took ${takeover} s`);
    assert.match(standby.output, /leading: starting workers/);
    console.log(`# leader takeover after kill -9: ${takeover.toFixed(1)} s`);

    // SIGTERM: stop taking work, finish in-flight reconciles, release the Lease, exit 0.
    const exited = new Promise<number | null>((resolve) => standby.child.on('exit', (code) => resolve(code)));
    standby.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const released = await lease();
    assert.ok(!released?.holderIdentity, `lease released (holder ${released?.holderIdentity})`);
  });
});
