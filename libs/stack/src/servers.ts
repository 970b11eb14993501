import { join } from 'node:path';
import type { ServerName, StackConfig } from './config.ts';
import { LOOPBACK, apiserverHost, kubeFiles } from './kube.ts';
import { NODE_NETWORK } from './node/layout.ts';
import { nodeServerSpecs } from './node/specs.ts';

/** How `up` decides that a started server is ready. */
export type HealthCheck =
  | { kind: 'http'; url: string; expect: string; bearerToken?: string; insecureTls?: boolean }
  | { kind: 'command'; command: string; args: string[] }
  | { kind: 'bolt'; host: string; port: number };

/** Everything needed to start, check and stop one server: computed, no I/O. */
export interface ServerSpec {
  name: ServerName;
  /** The main (client) port; also checked to be free before a start. None for containerd (a socket). */
  port: number | undefined;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Substring of /proc/<pid>/cmdline (a path in this state dir) proving a pid is still this server. */
  match: string;
  /** Started only when these are healthy. */
  dependsOn: ServerName[];
  health: HealthCheck;
  startTimeoutMs: number;
  stopSignal: 'SIGTERM' | 'SIGINT';
  stopGraceMs: number;
  /** Run as this system user (Postgres when the stack runs as root). */
  user?: string;
}

export function etcdSpec(cfg: StackConfig): ServerSpec {
  const client = `http://${LOOPBACK}:${cfg.ports.etcd}`;
  const peer = `http://${LOOPBACK}:${cfg.ports.etcdPeer}`;
  return {
    name: 'etcd',
    port: cfg.ports.etcd,
    command: cfg.tools.etcd,
    args: [
      '--name=tributary',
      `--data-dir=${cfg.paths.etcdDataDir}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=tributary=${peer}`,
      // Local, throwaway data: skip fsync (envtest does the same) and keep the db small.
      '--unsafe-no-fsync',
      '--quota-backend-bytes=2147483648',
      '--auto-compaction-retention=10m',
      '--log-level=warn',
    ],
    env: {},
    match: `--data-dir=${cfg.paths.etcdDataDir}`,
    dependsOn: [],
    health: { kind: 'http', url: `${client}/health`, expect: '"health":"true"' },
    startTimeoutMs: 60_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 15_000,
  };
}

/**
 * Without a node: envtest-style, loopback only, and no ServiceAccount admission (nothing would create
 * the `default` ServiceAccount). With one: on the node IP (pods reach it through the `kubernetes`
 * Service), the Node authorizer and NodeRestriction for the kubelet, and logs/exec via the node IP.
 */
export function kubeApiserverSpec(cfg: StackConfig, adminToken: string): ServerSpec {
  const f = kubeFiles(cfg);
  const host = apiserverHost(cfg);
  const modeArgs = cfg.node
    ? [
        '--authorization-mode=Node,RBAC',
        '--enable-admission-plugins=NodeRestriction',
        '--kubelet-preferred-address-types=InternalIP',
        `--kubelet-client-certificate=${f.kubeletClientCert}`,
        `--kubelet-client-key=${f.kubeletClientKey}`,
        '--allow-privileged=true',
      ]
    : ['--authorization-mode=RBAC', '--disable-admission-plugins=ServiceAccount', '--allow-privileged=true'];
  return {
    name: 'kube-apiserver',
    port: cfg.ports.kubeApiserver,
    command: cfg.tools.kubeApiserver,
    args: [
      `--etcd-servers=http://${LOOPBACK}:${cfg.ports.etcd}`,
      `--cert-dir=${f.certDir}`,
      `--secure-port=${cfg.ports.kubeApiserver}`,
      `--bind-address=${host}`,
      `--advertise-address=${host}`,
      `--service-cluster-ip-range=${NODE_NETWORK.serviceCidr}`,
      ...modeArgs,
      `--token-auth-file=${f.tokenFile}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${f.saPub}`,
      `--service-account-signing-key-file=${f.saKey}`,
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      '--v=0',
    ],
    env: {},
    match: `--cert-dir=${f.certDir}`,
    dependsOn: ['etcd'],
    health: {
      kind: 'http',
      url: `https://${host}:${cfg.ports.kubeApiserver}/readyz`,
      expect: 'ok',
      bearerToken: adminToken,
      // Health probe of our own local server; the kubeconfig pins the generated CA.
      insecureTls: true,
    },
    startTimeoutMs: 180_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 20_000,
  };
}

export function postgresSpec(cfg: StackConfig, user: string | undefined): ServerSpec {
  const spec: ServerSpec = {
    name: 'postgres',
    port: cfg.ports.postgres,
    command: join(cfg.tools.postgresBinDir, 'postgres'),
    args: [
      '-D',
      cfg.paths.postgresDataDir,
      '-p',
      String(cfg.ports.postgres),
      '-c',
      `listen_addresses=${LOOPBACK}`,
      '-c',
      `unix_socket_directories=${cfg.paths.postgresSocketDir}`,
      // Local, throwaway data: durability off for speed.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
      '-c',
      'shared_buffers=128MB',
    ],
    env: { LC_ALL: 'C.UTF-8' },
    match: cfg.paths.postgresDataDir,
    dependsOn: [],
    health: {
      kind: 'command',
      command: join(cfg.tools.postgresBinDir, 'pg_isready'),
      args: ['-q', '-h', LOOPBACK, '-p', String(cfg.ports.postgres), '-t', '2'],
    },
    startTimeoutMs: 60_000,
    // SIGINT = "fast" shutdown (SIGTERM waits for every client to disconnect).
    stopSignal: 'SIGINT',
    stopGraceMs: 30_000,
  };
  if (user !== undefined) spec.user = user;
  return spec;
}

export function natsSpec(cfg: StackConfig): ServerSpec {
  return {
    name: 'nats',
    port: cfg.ports.nats,
    command: cfg.tools.natsServer,
    args: [
      '--addr',
      LOOPBACK,
      '--port',
      String(cfg.ports.nats),
      '--http_port',
      String(cfg.ports.natsMonitor),
      '--server_name',
      'tributary-local',
      '--jetstream',
      '--store_dir',
      cfg.paths.natsStoreDir,
    ],
    env: {},
    match: cfg.paths.natsStoreDir,
    dependsOn: [],
    health: {
      kind: 'http',
      url: `http://${LOOPBACK}:${cfg.ports.natsMonitor}/healthz?js-enabled-only=true`,
      expect: '"status":"ok"',
    },
    startTimeoutMs: 30_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 15_000,
  };
}

export function neo4jSpec(cfg: StackConfig): ServerSpec {
  return {
    name: 'neo4j',
    port: cfg.ports.neo4j,
    command: cfg.tools.neo4jLauncher,
    args: ['--data', cfg.paths.neo4jDataDir, '--bolt-port', String(cfg.ports.neo4j), '--host', LOOPBACK],
    env: { NEO4J_JAVA_OPTS: cfg.neo4jJavaOpts },
    match: cfg.paths.neo4jDataDir,
    dependsOn: [],
    health: { kind: 'bolt', host: LOOPBACK, port: cfg.ports.neo4j },
    startTimeoutMs: 180_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 30_000,
  };
}

export function serverSpecs(
  cfg: StackConfig,
  opts: { adminToken: string; postgresUser: string | undefined },
): Record<ServerName, ServerSpec> {
  return {
    etcd: etcdSpec(cfg),
    'kube-apiserver': kubeApiserverSpec(cfg, opts.adminToken),
    postgres: postgresSpec(cfg, opts.postgresUser),
    nats: natsSpec(cfg),
    neo4j: neo4jSpec(cfg),
    ...nodeServerSpecs(cfg),
  };
}

/**
 * Start order for a selection: dependencies are added and come first, in waves that can start in
 * parallel (etcd before kube-apiserver; the rest together).
 */
export function startWaves(selected: ServerName[], specs: Record<ServerName, ServerSpec>): ServerName[][] {
  const all = new Set<ServerName>();
  const add = (name: ServerName): void => {
    if (all.has(name)) return;
    all.add(name);
    for (const dep of specs[name].dependsOn) add(dep);
  };
  selected.forEach(add);
  const waves: ServerName[][] = [];
  const done = new Set<ServerName>();
  while (done.size < all.size) {
    const wave = [...all].filter((n) => !done.has(n) && specs[n].dependsOn.every((d) => done.has(d)));
    if (wave.length === 0) throw new Error('dependency cycle between servers');
    waves.push(wave);
    wave.forEach((n) => done.add(n));
  }
  return waves;
}

/**
 * Stop order for a selection: servers of the stack (`among`) that depend on a selected one are
 * stopped too (no kube-apiserver without its etcd), dependents first.
 */
export function stopWaves(
  selected: ServerName[],
  specs: Record<ServerName, ServerSpec>,
  among: readonly ServerName[] = Object.keys(specs) as ServerName[],
): ServerName[][] {
  const sel = new Set(selected);
  let grew = true;
  while (grew) {
    grew = false;
    for (const spec of among.map((n) => specs[n])) {
      if (!sel.has(spec.name) && spec.dependsOn.some((d) => sel.has(d))) {
        sel.add(spec.name);
        grew = true;
      }
    }
  }
  return startWaves([...sel], specs)
    .reverse()
    .map((wave) => wave.filter((n) => sel.has(n)))
    .filter((wave) => wave.length > 0);
}
