// `tributary stack up|down|status|env`: real servers as detached child processes under a state dir.
import { UsageError } from '@tributary/command';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  NODE_SERVER_NAMES,
  SERVER_NAMES,
  SERVER_TOOL,
  isNodeServer,
  candidateOffsets,
  offsetPorts,
  parseStackJson,
  resolveConfig,
  stackPaths,
} from './config.ts';
import type { Ports, ServerName, StackConfig } from './config.ts';
import { probe } from './health.ts';
import { prepareKubeFiles, readAdminToken, writeKubeconfig } from './kube.ts';
import {
  afterNodeDown,
  afterServerHealthy,
  beforeServerStop,
  finishNodeUp,
  prepareNode,
} from './node/lifecycle.ts';
import { withLock } from './lock.ts';
import { ensureDatabase, preparePostgres } from './postgres.ts';
import type { RunAs } from './postgres.ts';
import {
  ensureDir,
  isAlive,
  lookupUser,
  portOpen,
  readPidRecord,
  readText,
  removePidFile,
  spawnDetached,
  stopProcess,
  tail,
  writePidRecord,
} from './proc.ts';
import { serverSpecs, startWaves, stopWaves } from './servers.ts';
import type { ServerSpec } from './servers.ts';
import type { ServerStatus } from './status.ts';
import { loadVersions, repoRoot } from './versions.ts';

export type Log = (line: string) => void;

const isRoot = (): boolean => process.getuid?.() === 0;

/** The stack's configuration for an environment (TRIBUTARY_CACHE, TRIBUTARY_STACK_DIR, ...). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const storedJson = readText(stackPaths(env, isRoot()).configFile);
  return resolveConfig(env, loadVersions(), { isRoot: isRoot(), storedJson });
}

/**
 * The node stack the real-node tests use (TRIBUTARY_NODE_STACK_DIR, default <cache>/node-stack): its
 * own state dir and control plane beside the shared stack, until the emulated runner is retired
 * (real CronJob/Job controllers must not act on the runner tests' objects).
 */
export function loadNodeStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const base = loadConfig(env);
  const stateDir = env.TRIBUTARY_NODE_STACK_DIR ?? join(base.paths.cacheDir, 'node-stack');
  const { TRIBUTARY_STACK_PORT_OFFSET: _, ...rest } = env;
  return loadConfig({ ...rest, TRIBUTARY_STACK_DIR: stateDir, TRIBUTARY_NODE: '1' });
}

function specsFor(cfg: StackConfig): Record<ServerName, ServerSpec> {
  const postgresUser = isRoot() ? 'postgres' : undefined;
  return serverSpecs(cfg, { adminToken: readAdminToken(cfg) ?? '', postgresUser });
}

function logFile(cfg: StackConfig, name: ServerName): string {
  return join(cfg.paths.logsDir, `${name}.log`);
}

/** The servers of a stack: all of them, or all but the node's. */
export const stackServers = (cfg: StackConfig): ServerName[] =>
  cfg.node ? [...SERVER_NAMES] : SERVER_NAMES.filter((n) => !isNodeServer(n));

/** Expands and validates server names given on the command line (none = all of this stack's). */
export function selectServers(names: string[], cfg?: StackConfig): ServerName[] {
  if (names.length === 0) return cfg ? stackServers(cfg) : [...SERVER_NAMES];
  for (const n of names) {
    if (!(SERVER_NAMES as readonly string[]).includes(n)) {
      throw new UsageError(`unknown server '${n}' (one of: ${SERVER_NAMES.join(', ')})`);
    }
  }
  return names as ServerName[];
}

async function statusOf(cfg: StackConfig, spec: ServerSpec): Promise<ServerStatus> {
  const base = { name: spec.name, port: spec.port, logFile: logFile(cfg, spec.name) };
  if (isNodeServer(spec.name) && !cfg.node) {
    return { ...base, state: 'stopped', detail: 'this stack has no node (TRIBUTARY_NODE=0)' };
  }
  const rec = readPidRecord(cfg.paths.runDir, spec.name);
  if (!rec) return { ...base, state: 'stopped' };
  if (!isAlive(rec.pid, rec.match ?? spec.match)) {
    return { ...base, pid: rec.pid, state: 'dead', detail: `pid ${rec.pid} is gone; stale pid file` };
  }
  const healthy = await probe(spec.health);
  return { ...base, pid: rec.pid, state: healthy ? 'healthy' : 'unhealthy' };
}

/** Each server's pid, port and health (no lock: a read-only look). */
export async function stackStatus(
  cfg: StackConfig,
  names: ServerName[] = stackServers(cfg),
): Promise<ServerStatus[]> {
  const specs = specsFor(cfg);
  return Promise.all(names.map((n) => statusOf(cfg, specs[n])));
}

/** Builds missing tools with scripts/setup-tools.sh (progress on stderr). */
async function ensureTools(cfg: StackConfig, names: ServerName[], log: Log): Promise<void> {
  const t = cfg.tools;
  const binary: Record<ServerName, string> = {
    etcd: t.etcd,
    'kube-apiserver': t.kubeApiserver,
    postgres: join(t.postgresBinDir, 'postgres'),
    nats: t.natsServer,
    neo4j: t.neo4jLauncher,
    containerd: t.containerd,
    'kube-controller-manager': t.kubeControllerManager,
    'kube-scheduler': t.kubeScheduler,
    kubelet: t.kubelet,
    'kube-proxy': t.kubeProxy,
  };
  const missing = names.filter(
    (n) => !existsSync(binary[n]) || (n === 'postgres' && isRoot() && !lookupUser('postgres')),
  );
  if (missing.length === 0) return;
  const tools = [...new Set(missing.map((n) => SERVER_TOOL[n]))];
  // runc, the CNI plugins, iptables and ipset come from Debian (scripts/tools/node-runtime.sh).
  if (names.some(isNodeServer) && !existsSync('/usr/lib/cni/bridge')) tools.unshift('node-runtime');
  log(`building missing tools: ${tools.join(' ')} (scripts/setup-tools.sh)`);
  const script = join(repoRoot, 'scripts', 'setup-tools.sh');
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(script, tools, {
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, TRIBUTARY_CACHE: cfg.paths.cacheDir },
    });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`scripts/setup-tools.sh ${tools.join(' ')} failed (exit ${code})`);
}

function runAsFor(spec: ServerSpec): (RunAs & { home: string }) | undefined {
  if (!spec.user) return undefined;
  const u = lookupUser(spec.user);
  if (!u) throw new Error(`user '${spec.user}' is missing: run scripts/tools/postgres.sh (as root)`);
  return u;
}

async function waitHealthy(spec: ServerSpec, pid: number, file: string): Promise<void> {
  const deadline = Date.now() + spec.startTimeoutMs;
  while (Date.now() < deadline) {
    // No command-line match here: the pid is the child this process just spawned, so it cannot have
    // been reused, and /proc/<pid>/cmdline can briefly lag the exec (a CI run saw a healthy NATS
    // reported as "exited during startup"). Exit and zombie state are still detected.
    if (!isAlive(pid)) {
      throw new Error(`${spec.name} exited during startup; see ${file}:\n${tail(file)}`);
    }
    if (await probe(spec.health)) return;
    await sleep(300);
  }
  throw new Error(
    `${spec.name} did not become healthy within ${spec.startTimeoutMs / 1000}s; see ${file}:\n${tail(file)}`,
  );
}

/** Keeps one previous log (<server>.log.1) once a log passes 50 MiB. */
function rotateLog(file: string): void {
  try {
    if (statSync(file).size > 50 * 1024 * 1024) renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
}

/** Starts one server unless it is already running and healthy. */
async function ensureServer(cfg: StackConfig, spec: ServerSpec, log: Log): Promise<void> {
  const file = logFile(cfg, spec.name);
  const rec = readPidRecord(cfg.paths.runDir, spec.name);
  if (rec && isAlive(rec.pid, rec.match ?? spec.match)) {
    if (!(await probe(spec.health))) {
      log(`${spec.name}: running (pid ${rec.pid}) but not healthy yet; waiting`);
      await waitHealthy(spec, rec.pid, file);
    }
    log(`${spec.name}: already running (pid ${rec.pid}${spec.port ? `, port ${spec.port}` : ''})`);
    return;
  }
  if (rec) {
    log(`${spec.name}: pid ${rec.pid} is gone (stale pid file); restarting`);
    removePidFile(cfg.paths.runDir, spec.name);
  }
  if (spec.port !== undefined && (await portOpen(spec.port))) {
    throw new Error(
      `${spec.name}: port ${spec.port} is already in use by a process this stack did not start ` +
        `(state dir ${cfg.paths.stateDir}); stop it or use TRIBUTARY_STACK_PORT_OFFSET with a new TRIBUTARY_STACK_DIR`,
    );
  }
  const runAs = runAsFor(spec);
  if (spec.name === 'postgres') await preparePostgres(cfg, runAs);
  const started = Date.now();
  rotateLog(file);
  appendFileSync(
    file,
    `\n==== ${new Date().toISOString()} starting ${spec.command} ${spec.args.join(' ')}\n`,
  );
  const pid = await spawnDetached({
    command: spec.command,
    args: spec.args,
    env: { ...process.env, ...spec.env, ...(runAs ? { HOME: runAs.home, USER: spec.user } : {}) },
    logFile: file,
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  writePidRecord(cfg.paths.runDir, spec.name, {
    pid,
    port: spec.port,
    match: spec.match,
    startedAt: new Date(started).toISOString(),
  });
  log(`${spec.name}: started (pid ${pid}), waiting for health${spec.port ? ` on port ${spec.port}` : ''}`);
  await waitHealthy(spec, pid, file);
  log(`${spec.name}: ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/**
 * Fixes the ports of a new state dir in stack.json. Unless TRIBUTARY_STACK_PORT_OFFSET chose them,
 * ports already taken (another stack on this machine, e.g. a developer's beside CI's) move the whole
 * set by the first offset whose ports are all free.
 */
async function fixPorts(cfg: StackConfig, log: Log): Promise<void> {
  const busy = async (ports: Ports): Promise<boolean> =>
    (await Promise.all(Object.values(ports).map((port) => portOpen(port)))).some(Boolean);
  if (process.env.TRIBUTARY_STACK_PORT_OFFSET === undefined && (await busy(cfg.ports))) {
    for (const offset of candidateOffsets()) {
      const ports = offsetPorts(offset);
      if (!(await busy(ports))) {
        log(`default ports are in use (another stack?); this state dir uses them shifted by ${offset}`);
        cfg.ports = ports;
        break;
      }
    }
  }
  const text = `${JSON.stringify({ ports: cfg.ports, node: cfg.node, created: new Date().toISOString() }, null, 2)}\n`;
  writeFileSync(cfg.paths.configFile, text);
}

/**
 * Starts the selected servers (and what they depend on), reusing running ones; restarts dead ones.
 * Idempotent and safe to call from several processes at once (lock file in the state dir).
 */
export async function stackUp(
  cfg: StackConfig,
  names: ServerName[] = stackServers(cfg),
  log: Log = () => {},
): Promise<ServerStatus[]> {
  const p = cfg.paths;
  for (const dir of [p.stateDir, p.logsDir, p.runDir]) ensureDir(dir);
  return withLock(
    p.lockFile,
    async () => {
      // Another process may have fixed this state dir's ports after `cfg` was loaded (concurrent
      // test files starting one stack): the stored ports win over what we computed then.
      const stored = parseStackJson(readText(p.configFile));
      if (stored) Object.assign(cfg, stored);
      else await fixPorts(cfg, log);
      if (!cfg.node && names.some(isNodeServer)) {
        throw new Error(
          `this stack (${p.stateDir}) was created without a node (TRIBUTARY_NODE=0); its servers are ${stackServers(cfg).join(', ')}`,
        );
      }
      let specs = specsFor(cfg);
      const waves = startWaves(names, specs);
      const all = waves.flat();
      await ensureTools(cfg, all, log);
      if (all.includes('kube-apiserver')) {
        prepareKubeFiles(cfg);
        specs = specsFor(cfg); // now with the admin token for the health probe
      }
      // With a node the apiserver binds to the bridge, so the network comes before any server.
      const node = cfg.node && all.some((n) => n === 'kube-apiserver' || isNodeServer(n));
      if (node) await prepareNode(cfg, log);
      for (const dir of [p.etcdDataDir, p.natsStoreDir, p.neo4jDataDir]) ensureDir(dir, 0o700);
      for (const wave of waves) {
        const results = await Promise.allSettled(
          wave.map(async (n) => {
            await ensureServer(cfg, specs[n], log);
            // Component kubeconfigs pin the CA the apiserver generates on its first start.
            if (n === 'kube-apiserver') writeKubeconfig(cfg, readAdminToken(cfg)!);
            await afterServerHealthy(cfg, n, log);
          }),
        );
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed.length > 0) throw new Error(failed.map((f) => (f.reason as Error).message).join('\n\n'));
      }
      if (all.includes('postgres') && (await ensureDatabase(cfg)))
        log(`postgres: created database ${cfg.database}`);
      if (NODE_SERVER_NAMES.every((n) => all.includes(n))) await finishNodeUp(cfg, log);
      return Promise.all(all.map((n) => statusOf(cfg, specs[n])));
    },
    { onWait: (holder) => log(`waiting for another 'stack up/down' (pid ${holder}) to finish`) },
  );
}

/** Stops the selected servers (and those depending on them); removes stale pid files. */
export async function stackDown(
  cfg: StackConfig,
  names: ServerName[] = stackServers(cfg),
  log: Log = () => {},
): Promise<void> {
  const p = cfg.paths;
  if (!existsSync(p.runDir)) {
    log('nothing to stop');
    return;
  }
  await withLock(p.lockFile, async () => {
    const specs = specsFor(cfg);
    const waves = stopWaves(names, specs, stackServers(cfg));
    for (const wave of waves) {
      await Promise.all(
        wave.map(async (n) => {
          const spec = specs[n];
          await beforeServerStop(cfg, n, log);
          const rec = readPidRecord(p.runDir, n);
          if (!rec) {
            // Without a pid file, a garbage one is still removed.
            removePidFile(p.runDir, n);
            return;
          }
          const how = await stopProcess(rec.pid, rec.match ?? spec.match, spec.stopSignal, spec.stopGraceMs);
          removePidFile(p.runDir, n);
          log(
            how === 'not running'
              ? `${n}: was not running; removed stale pid file (pid ${rec.pid})`
              : `${n}: ${how} (pid ${rec.pid})`,
          );
        }),
      );
    }
    // With containerd gone (and the kubelet, which depends on it), nothing holds the node's network.
    if (cfg.node && waves.flat().includes('containerd')) await afterNodeDown(cfg, log);
  });
}
