import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Versions } from './versions.ts';

export const SERVER_NAMES = ['etcd', 'kube-apiserver', 'postgres', 'nats', 'neo4j'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/**
 * Loopback ports, away from the standard ones so a developer's own servers don't clash, and below
 * Linux's ephemeral range (32768-60999): a port in that range can be taken at any moment by some
 * process's outgoing connection, and a server restart then fails with "address already in use".
 */
export interface Ports {
  postgres: number;
  nats: number;
  natsMonitor: number;
  neo4j: number;
  etcd: number;
  etcdPeer: number;
  kubeApiserver: number;
}

export const DEFAULT_PORTS: Ports = {
  postgres: 25432,
  nats: 24222,
  natsMonitor: 28222,
  neo4j: 27687,
  etcd: 22379,
  etcdPeer: 22380,
  kubeApiserver: 26443,
};

/** First port of Linux's default ephemeral range (net.ipv4.ip_local_port_range). */
export const EPHEMERAL_PORT_START = 32768;
export const MAX_PORT_OFFSET = 4000;

/** Every port shifted by `offset` (TRIBUTARY_STACK_PORT_OFFSET: a second stack beside the first). */
export function offsetPorts(offset: number, base: Ports = DEFAULT_PORTS): Ports {
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_PORT_OFFSET) {
    throw new Error(`port offset must be an integer in 0..${MAX_PORT_OFFSET}, got ${offset}`);
  }
  const out = { ...base };
  for (const key of Object.keys(out) as (keyof Ports)[]) out[key] += offset;
  return out;
}

/** Offsets (100, 200, ...) whose shifted ports never collide with the default set. */
export function candidateOffsets(max = MAX_PORT_OFFSET): number[] {
  const defaults = new Set(Object.values(DEFAULT_PORTS));
  const out: number[] = [];
  for (let offset = 100; offset <= max; offset += 100) {
    if (
      Object.values(offsetPorts(offset)).every((port) => !defaults.has(port) && port < EPHEMERAL_PORT_START)
    )
      out.push(offset);
  }
  return out;
}

export interface StackPaths {
  cacheDir: string;
  toolsDir: string;
  stateDir: string;
  logsDir: string;
  runDir: string;
  /** stack.json: the ports chosen when the state dir was created (later commands read them). */
  configFile: string;
  lockFile: string;
  kubeDir: string;
  kubeconfig: string;
  etcdDataDir: string;
  natsStoreDir: string;
  neo4jDataDir: string;
  /** Postgres' own tree (data + socket dir). See postgresRoot(). */
  postgresRoot: string;
  postgresDataDir: string;
  postgresSocketDir: string;
}

/**
 * Where Postgres keeps its cluster. Postgres refuses to run as root, so as root it runs as the
 * `postgres` system user, which cannot traverse a root-only home (/root is 0700): then its tree goes
 * under /var/lib/tributary, keyed by the state dir, and the state dir gets a symlink to it.
 */
export function postgresRoot(stateDir: string, isRoot: boolean): string {
  if (!isRoot) return join(stateDir, 'postgres');
  const key = createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 12);
  return join('/var/lib/tributary', `stack-${key}`);
}

export function stackPaths(env: NodeJS.ProcessEnv, isRoot: boolean): StackPaths {
  const home = env.HOME || homedir();
  const cacheDir = resolve(env.TRIBUTARY_CACHE || join(home, '.cache', 'tributary'));
  const stateDir = resolve(env.TRIBUTARY_STACK_DIR || join(cacheDir, 'stack'));
  const pgRoot = postgresRoot(stateDir, isRoot);
  return {
    cacheDir,
    toolsDir: join(cacheDir, 'tools'),
    stateDir,
    logsDir: join(stateDir, 'logs'),
    runDir: join(stateDir, 'run'),
    configFile: join(stateDir, 'stack.json'),
    lockFile: join(stateDir, 'stack.lock'),
    kubeDir: join(stateDir, 'kube'),
    kubeconfig: join(stateDir, 'kubeconfig'),
    etcdDataDir: join(stateDir, 'etcd'),
    natsStoreDir: join(stateDir, 'nats'),
    neo4jDataDir: join(stateDir, 'neo4j'),
    postgresRoot: pgRoot,
    postgresDataDir: join(pgRoot, 'data'),
    postgresSocketDir: join(pgRoot, 'run'),
  };
}

/** Binaries of the tools built by scripts/setup-tools.sh, each in $CACHE/tools/<name>-<version>/bin. */
export interface ToolPaths {
  /** Which scripts/tools/<name>.sh provides each binary (to build it when missing). */
  etcd: string;
  kubeApiserver: string;
  kubectl: string;
  natsServer: string;
  neo4jLauncher: string;
  helm: string;
  node: string;
  postgresBinDir: string;
}

export function toolDir(toolsDir: string, name: string, version: string): string {
  return join(toolsDir, `${name}-${version}`);
}

export function toolPaths(toolsDir: string, v: Versions): ToolPaths {
  return {
    etcd: join(toolDir(toolsDir, 'etcd', v.etcd), 'bin', 'etcd'),
    kubeApiserver: join(toolDir(toolsDir, 'kubernetes', v.kubernetes), 'bin', 'kube-apiserver'),
    kubectl: join(toolDir(toolsDir, 'kubernetes', v.kubernetes), 'bin', 'kubectl'),
    natsServer: join(toolDir(toolsDir, 'nats-server', v.natsServer), 'bin', 'nats-server'),
    neo4jLauncher: join(toolDir(toolsDir, 'neo4j', v.neo4j), 'bin', 'neo4j-launcher'),
    helm: join(toolDir(toolsDir, 'helm', v.helm), 'bin', 'helm'),
    node: join(toolDir(toolsDir, 'node', v.node), 'bin', 'node'),
    postgresBinDir: `/usr/lib/postgresql/${v.postgresMajor}/bin`,
  };
}

/** The setup script (scripts/tools/<name>.sh) that provides each server's binary. */
export const SERVER_TOOL: Record<ServerName, string> = {
  etcd: 'etcd',
  'kube-apiserver': 'kubernetes',
  postgres: 'postgres',
  nats: 'nats',
  neo4j: 'neo4j',
};

export interface StackConfig {
  paths: StackPaths;
  ports: Ports;
  tools: ToolPaths;
  versions: Versions;
  /** JVM options for Neo4j (NEO4J_JAVA_OPTS). */
  neo4jJavaOpts: string;
  /** The database `stack up` creates; DATABASE_URL points at it. */
  database: string;
}

/** Parses stack.json (ports fixed when the state dir was first used); undefined if absent/invalid. */
export function parseStackJson(text: string | undefined): { ports: Ports } | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as { ports?: Partial<Ports> };
    const ports = data.ports;
    if (!ports) return undefined;
    for (const key of Object.keys(DEFAULT_PORTS) as (keyof Ports)[]) {
      if (!Number.isInteger(ports[key])) return undefined;
    }
    return { ports: ports as Ports };
  } catch {
    return undefined;
  }
}

export function portsFor(env: NodeJS.ProcessEnv, stored: { ports: Ports } | undefined): Ports {
  if (stored) return stored.ports;
  const offset = env.TRIBUTARY_STACK_PORT_OFFSET ? Number(env.TRIBUTARY_STACK_PORT_OFFSET) : 0;
  return offsetPorts(offset);
}

export function resolveConfig(
  env: NodeJS.ProcessEnv,
  versions: Versions,
  opts: { isRoot: boolean; storedJson: string | undefined },
): StackConfig {
  const paths = stackPaths(env, opts.isRoot);
  const tools = toolPaths(paths.toolsDir, versions);
  if (env.TRIBUTARY_POSTGRES_BINDIR) tools.postgresBinDir = env.TRIBUTARY_POSTGRES_BINDIR;
  return {
    paths,
    ports: portsFor(env, parseStackJson(opts.storedJson)),
    tools,
    versions,
    neo4jJavaOpts: env.NEO4J_JAVA_OPTS || '-Xms256m -Xmx1g -XX:+UseG1GC',
    database: 'tributary',
  };
}
