// The local node is a real Kubernetes node: real controllers turn CronJobs into Jobs and Pods and
// collect them, containerd runs the product image under the chart's restricted security context
// and enforces memory limits, Services resolve through cluster DNS, NetworkPolicies are enforced,
// PVCs bind, an Ingress routes from the host, and the node survives kill -9 of its daemons.
// run-tests: alone — it kills the shared node's daemons, so no other suite may be using the node.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import neo4j from 'neo4j-driver';
import pg from 'pg';
import {
  BUSYBOX_IMAGE,
  DEV_IMAGES,
  NODE_SERVER_NAMES,
  PRODUCT_IMAGE,
  buildImages,
  NODE_NETWORK,
  ingressUrl,
  loadConfig,
  loadImages,
  readPidRecord,
  stackDown,
  stackStatus,
  stackUp,
} from '@tributary/stack';
import { useNodeStack, waitFor } from '@tributary/testkit';
import type { NodeStackEnv } from '@tributary/testkit';

let env: NodeStackEnv;
const quietLog = (): void => {};

before(async () => {
  env = await useNodeStack();
  await buildImages(env.config, ['tributary'], quietLog);
  await loadImages(env.config, [PRODUCT_IMAGE], quietLog);
});
after(() => env.cleanup());

const apply = (ns: string, manifest: object[]): Promise<string> =>
  env.kubectl(
    ['apply', '-n', ns, '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifest }),
  );

const json = async <T>(args: string[]): Promise<T> =>
  JSON.parse(await env.kubectl([...args, '-o', 'json'])) as T;

interface PodStatus {
  status: {
    phase: string;
    podIP?: string;
    containerStatuses?: {
      restartCount: number;
      state: { terminated?: { reason: string } };
      lastState: { terminated?: { reason: string } };
    }[];
  };
}

/** A pod that runs `script` in busybox once; resolves to its log when it has succeeded. */
async function runOnce(
  ns: string,
  name: string,
  script: string,
  labels: Record<string, string> = {},
): Promise<string> {
  await apply(ns, [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels },
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: 'main', image: BUSYBOX_IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', script] },
        ],
      },
    },
  ]);
  const phase = await waitFor(
    `pod ${ns}/${name} to finish`,
    async () => {
      const p = (await json<PodStatus>(['get', 'pod', name, '-n', ns])).status.phase;
      return p === 'Succeeded' || p === 'Failed' ? p : undefined;
    },
    90_000,
  );
  const logs = await env.kubectl(['logs', name, '-n', ns]);
  assert.equal(phase, 'Succeeded', `pod ${name} failed; its log:\n${logs}`);
  return logs;
}

/** busybox httpd answering `body` on :8080 at `path`, behind a Service named `name`. */
function webServer(name: string, body: string, path = '/'): object[] {
  const labels = { app: name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'httpd',
                image: BUSYBOX_IMAGE,
                imagePullPolicy: 'Never',
                command: [
                  'sh',
                  '-c',
                  `mkdir -p /tmp/www${path} && echo ${body} > /tmp/www${path}index.html && exec httpd -f -p 8080 -h /tmp/www`,
                ],
                readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { selector: labels, ports: [{ port: 8080, targetPort: 8080 }] },
    },
  ];
}

const rollout = (ns: string, name: string): Promise<string> =>
  env.kubectl(['rollout', 'status', `deployment/${name}`, '-n', ns, '--timeout=90s']);

test('the product image runs under the restricted Pod Security Standard, and a memory limit is enforced', async () => {
  const ns = await env.createNamespace({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  const restricted = {
    runAsNonRoot: true,
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const pod = (name: string, args: string[], memory: string): object => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'main',
          image: PRODUCT_IMAGE,
          imagePullPolicy: 'Never',
          ...(args.length > 0 ? { command: args } : { args: ['--help'] }),
          securityContext: restricted,
          resources: { limits: { memory, cpu: '500m' } },
        },
      ],
    },
  });
  await apply(ns, [
    pod('help', [], '128Mi'),
    pod('hog', ['node', '-e', 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))'], '64Mi'),
  ]);
  const finished = async (name: string): Promise<PodStatus['status']> =>
    waitFor(
      `pod ${name} to finish`,
      async () => {
        const s = (await json<PodStatus>(['get', 'pod', name, '-n', ns])).status;
        return s.phase === 'Succeeded' || s.phase === 'Failed' ? s : undefined;
      },
      90_000,
    );
  assert.equal((await finished('help')).phase, 'Succeeded');
  assert.match(await env.kubectl(['logs', 'help', '-n', ns]), /usage: tributary/);
  const hog = await finished('hog');
  assert.equal(hog.phase, 'Failed');
  assert.equal(hog.containerStatuses?.[0]?.state.terminated?.reason, 'OOMKilled');
  // PSS admission is real: a root pod is refused in this namespace.
  await assert.rejects(
    apply(ns, [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'root' },
        spec: { containers: [{ name: 'm', image: BUSYBOX_IMAGE }] },
      },
    ]),
    /violates PodSecurity "restricted/,
  );
});

test('a CronJob becomes Jobs and Pods through the real controllers, which collect them again', async () => {
  const ns = await env.createNamespace();
  await apply(ns, [
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick' },
      spec: {
        schedule: '* * * * *',
        successfulJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [
                  { name: 'tick', image: BUSYBOX_IMAGE, imagePullPolicy: 'Never', command: ['echo', 'tick'] },
                ],
              },
            },
          },
        },
      },
    },
  ]);
  interface Items {
    items: {
      metadata: { name: string; ownerReferences?: { kind: string; name: string }[] };
      status?: { succeeded?: number };
    }[];
  }
  const job = await waitFor(
    'the CronJob controller to start a Job and the Job to succeed',
    async () => (await json<Items>(['get', 'jobs', '-n', ns])).items.find((j) => j.status?.succeeded === 1),
    100_000,
  );
  assert.equal(job.metadata.ownerReferences?.[0]?.kind, 'CronJob');
  const pods = await json<Items>(['get', 'pods', '-n', ns, '-l', `job-name=${job.metadata.name}`]);
  assert.equal(pods.items.length, 1);
  assert.equal(await env.kubectl(['logs', pods.items[0]!.metadata.name, '-n', ns]), 'tick\n');

  // Deleting the CronJob: the garbage collector deletes its Jobs, then their Pods.
  await env.kubectl(['delete', 'cronjob', 'tick', '-n', ns, '--cascade=background']);
  await waitFor(
    'the garbage collector to delete the Jobs and Pods',
    async () => (await json<Items>(['get', 'jobs,pods', '-n', ns])).items.length === 0,
    60_000,
  );
  // And the namespace controller finishes a namespace deletion on its own (cleanup waits for it).
});

test('Service names resolve through cluster DNS', async () => {
  const ns = await env.createNamespace();
  await apply(ns, webServer('web', 'dns-ok'));
  await rollout(ns, 'web');
  const out = await runOnce(ns, 'client', `timeout 5 wget -q -O- http://web.${ns}.svc.cluster.local:8080/`);
  assert.equal(out.trim(), 'dns-ok');
  // Names outside the cluster do not resolve: nothing may leave the machine.
  const outside = await runOnce(
    ns,
    'outside',
    'nslookup example.com >/dev/null 2>&1 && echo resolved || echo nxdomain',
  );
  assert.equal(outside.trim(), 'nxdomain');
});

test('NetworkPolicy: default-deny blocks a pod, an allow rule opens it', async () => {
  const ns = await env.createNamespace();
  await apply(ns, webServer('guarded', 'policy-ok'));
  await rollout(ns, 'guarded');
  const fetch = `timeout 3 wget -q -O- http://guarded.${ns}.svc.cluster.local:8080/ 2>/dev/null || echo refused`;
  assert.equal((await runOnce(ns, 'before', fetch, { role: 'client' })).trim(), 'policy-ok');
  await apply(ns, [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
  ]);
  await waitFor(
    'the default-deny policy to be enforced',
    async () => {
      const name = `denied-${Date.now() % 100000}`;
      return (await runOnce(ns, name, fetch, { role: 'client' })).trim() === 'refused';
    },
    60_000,
    undefined,
    1000,
  );
  await apply(ns, [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-clients' },
      spec: {
        podSelector: { matchLabels: { app: 'guarded' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 8080 }] }],
      },
    },
  ]);
  await waitFor(
    'the allow rule to open the port for clients',
    async () => {
      const name = `allowed-${Date.now() % 100000}`;
      return (await runOnce(ns, name, fetch, { role: 'client' })).trim() === 'policy-ok';
    },
    60_000,
    undefined,
    1000,
  );
  // A pod without the label is still refused.
  assert.equal((await runOnce(ns, 'stranger', fetch, { role: 'other' })).trim(), 'refused');
});

test('a PVC binds and its data survives the pod; an Ingress routes from the host to a Service', async () => {
  const ns = await env.createNamespace();
  const writer = (name: string, script: string): object => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'main',
          image: BUSYBOX_IMAGE,
          imagePullPolicy: 'Never',
          command: ['sh', '-c', script],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    },
  });
  await apply(ns, [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '16Mi' } } },
    },
    writer('first', 'echo kept > /data/note'),
  ]);
  const phase = (name: string) => async () => {
    const p = (await json<PodStatus>(['get', 'pod', name, '-n', ns])).status.phase;
    return p === 'Succeeded' || p === 'Failed' ? p : undefined;
  };
  assert.equal(await waitFor('the first pod', phase('first'), 120_000), 'Succeeded');
  const pvc = await json<{ status: { phase: string } }>(['get', 'pvc', 'data', '-n', ns]);
  assert.equal(pvc.status.phase, 'Bound');
  await env.kubectl(['delete', 'pod', 'first', '-n', ns]);
  await apply(ns, [writer('second', 'cat /data/note')]);
  assert.equal(await waitFor('the second pod', phase('second'), 90_000), 'Succeeded');
  assert.equal(await env.kubectl(['logs', 'second', '-n', ns]), 'kept\n');

  await apply(ns, [
    ...webServer('hello', 'ingress-ok', `/${ns}/`),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'hello' },
      spec: {
        rules: [
          {
            http: {
              paths: [
                {
                  path: `/${ns}`,
                  pathType: 'Prefix',
                  backend: { service: { name: 'hello', port: { number: 8080 } } },
                },
              ],
            },
          },
        ],
      },
    },
  ]);
  await rollout(ns, 'hello');
  const url = `${ingressUrl(env.config)}/${ns}/`;
  const body = await waitFor(
    `the Ingress to route ${url}`,
    async () => {
      const res = await fetch(url);
      return res.ok ? res.text() : undefined;
    },
    60_000,
  );
  assert.equal(body.trim(), 'ingress-ok');
});

test("the chart's dev-dependency images run as the chart runs them: NATS with JetStream, PostgreSQL and Neo4j with their passwords", async () => {
  const dev = DEV_IMAGES(env.config);
  await buildImages(env.config, ['nats', 'postgres', 'neo4j'], quietLog);
  await loadImages(env.config, Object.values(dev), quietLog);
  const ns = await env.createNamespace({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  // The chart's dev StatefulSets: a fixed uid, a read-only root filesystem, data on a volume.
  const pod = (name: string, uid: number, container: object, mounts: Record<string, string>): object => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      securityContext: {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        fsGroup: uid,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name,
          imagePullPolicy: 'Never',
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
          volumeMounts: Object.entries(mounts).map(([volume, mountPath]) => ({ name: volume, mountPath })),
          ...container,
        },
      ],
      volumes: Object.keys(mounts).map((volume) => ({ name: volume, emptyDir: {} })),
    },
  });
  await apply(ns, [
    pod(
      'nats',
      1000,
      {
        image: dev.nats,
        args: ['--jetstream', '--store_dir=/data', '--http_port=8222'],
        readinessProbe: { httpGet: { path: '/healthz?js-enabled-only=true', port: 8222 }, periodSeconds: 1 },
      },
      { data: '/data' },
    ),
    pod(
      'postgres',
      999,
      {
        image: dev.postgres,
        env: [
          { name: 'POSTGRES_DB', value: 'tributary' },
          { name: 'POSTGRES_USER', value: 'tributary' },
          { name: 'POSTGRES_PASSWORD', value: 'dev-secret' },
          { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        ],
        readinessProbe: { exec: { command: ['pg_isready', '-U', 'tributary'] }, periodSeconds: 1 },
      },
      { data: '/var/lib/postgresql/data', run: '/var/run/postgresql' },
    ),
    pod(
      'neo4j',
      7474,
      {
        image: dev.neo4j,
        env: [
          { name: 'NEO4J_AUTH', value: 'neo4j/dev-secret' },
          { name: 'NEO4J_server_memory_heap_max__size', value: '512m' },
        ],
        resources: { limits: { memory: '1Gi' } },
        readinessProbe: { tcpSocket: { port: 7687 }, periodSeconds: 1 },
      },
      { data: '/data', run: '/var/lib/neo4j/run' },
    ),
  ]);
  await env.kubectl([
    'wait',
    '--for=condition=Ready',
    'pod/nats',
    'pod/postgres',
    'pod/neo4j',
    '-n',
    ns,
    '--timeout=180s',
  ]);
  const ip = async (name: string): Promise<string> =>
    (await json<PodStatus>(['get', 'pod', name, '-n', ns])).status.podIP!;

  const nc = await connect({ servers: `${await ip('nats')}:4222` });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'probe', subjects: ['probe.>'] });
    assert.equal((await jsm.streams.info('probe')).config.name, 'probe');
  } finally {
    await nc.close();
  }

  const host = await ip('postgres');
  const connection = (password: string): pg.Client =>
    new pg.Client({ host, port: 5432, user: 'tributary', password, database: 'tributary' });
  const client = connection('dev-secret');
  await client.connect();
  try {
    const { rows } = await client.query<{ db: string; su: boolean }>(
      'SELECT current_database() AS db, rolsuper AS su FROM pg_roles WHERE rolname = current_user',
    );
    assert.deepEqual(rows, [{ db: 'tributary', su: true }]);
  } finally {
    await client.end();
  }
  // From the network, the password is checked.
  await assert.rejects(connection('wrong').connect(), /password authentication failed/);

  const bolt = `bolt://${await ip('neo4j')}:7687`;
  const driver = neo4j.driver(bolt, neo4j.auth.basic('neo4j', 'dev-secret'));
  try {
    const { records } = await driver.executeQuery('RETURN 40 + 2 AS answer');
    assert.equal(records[0]?.get('answer').toNumber(), 42);
  } finally {
    await driver.close();
  }
  const wrong = neo4j.driver(bolt, neo4j.auth.basic('neo4j', 'wrong'));
  await assert.rejects(wrong.executeQuery('RETURN 1'), /authentication failure|unauthorized/i);
  await wrong.close();
});

test("another stack's `down` leaves this node's network alone", async () => {
  // A stack that never ran a node (the lifecycle tests' throwaway one) stopping "all" its servers.
  const other = mkdtempSync(join(tmpdir(), 'tributary-other-stack-'));
  try {
    mkdirSync(join(other, 'run'));
    await stackDown(loadConfig({ ...process.env, TRIBUTARY_STACK_DIR: other, TRIBUTARY_NODE: '1' }));
    assert.ok(existsSync(`/sys/class/net/${NODE_NETWORK.bridge}`), 'the bridge is still there');
    assert.equal((await runOnce(await env.createNamespace(), 'still-up', 'echo up')).trim(), 'up');
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

describe('kill -9 of the node daemons', () => {
  test('kubelet, containerd and the controller-manager come back with stack up, and running pods keep serving', async () => {
    const ns = await env.createNamespace();
    await apply(ns, webServer('steady', 'still-here'));
    await rollout(ns, 'steady');
    const pod = (
      await json<{ items: { metadata: { name: string }; status: { podIP: string } }[] }>([
        'get',
        'pods',
        '-n',
        ns,
        '-l',
        'app=steady',
      ])
    ).items[0]!;
    const serve = async (): Promise<string> => (await fetch(`http://${pod.status.podIP}:8080/`)).text();
    assert.equal((await serve()).trim(), 'still-here');
    const cfg = env.config;
    for (const name of ['kubelet', 'containerd', 'kube-controller-manager'] as const) {
      const rec = readPidRecord(cfg.paths.runDir, name);
      assert.ok(rec, `${name} has a pid file`);
      process.kill(rec.pid, 'SIGKILL');
      await waitFor(
        `${name} to be dead`,
        async () => (await stackStatus(cfg, [name]))[0]!.state === 'dead',
        10_000,
      );
      assert.equal((await serve()).trim(), 'still-here', `the pod keeps serving while ${name} is dead`);
    }
    await stackUp(cfg, ['containerd', 'kubelet', 'kube-controller-manager'], quietLog);
    const rows = await stackStatus(cfg, ['etcd', 'kube-apiserver', ...NODE_SERVER_NAMES]);
    assert.deepEqual(
      rows.filter((r) => r.state !== 'healthy').map((r) => r.name),
      [],
    );
    assert.equal((await serve()).trim(), 'still-here');
    // The same pod, not a replacement: the kubelet re-adopted it.
    const after = await json<PodStatus>(['get', 'pod', pod.metadata.name, '-n', ns]);
    assert.equal(after.status.containerStatuses?.[0]?.restartCount, 0);
    // And the node works: a new pod runs.
    assert.equal((await runOnce(ns, 'after-restart', 'echo alive')).trim(), 'alive');
  });
});
