/**
 * `tributary up` / `tributary down`: the whole platform on this machine — the real servers of the
 * local stack plus the platform's own processes (workers, operator, local job runner, API, sample
 * feed server), each detached with a pid file and a log file, so `up` returns once all are ready and
 * is idempotent (running processes are kept, dead ones restarted).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOrm, migrateUp } from '@tributary/db';
import { KubeClient, applyObject, feedResource, getIfExists, resources } from '@tributary/k8s';
import type { Feed } from '@tributary/k8s';
import { applyFeedCrd, triggerFeedRun } from '@tributary/operator';
import {
  ensureDir,
  isAlive,
  HOST_SERVER_NAMES,
  loadConfig,
  loadNodeStackConfig,
  readPidRecord,
  removePidFile,
  repoRoot,
  spawnDetached,
  stackDown,
  commandNode,
  stackEnvCommand,
  stackEnvVars,
  stackStatus,
  stackUp,
  stopProcess,
  tail,
  writePidRecord,
} from '@tributary/stack';
import type { StackConfig, StatusRow } from '@tributary/stack';
import { ensureDevSigningKeys } from './dev-keys.ts';
import { processRow } from './process-status.ts';
import {
  DEMO_NAMESPACE,
  PLATFORM_PORTS,
  ingestConfigMap,
  localAdminEmails,
  nextSteps,
  platformProcesses,
  sampleFeeds,
} from './plan.ts';
import type { PlatformProcess } from './plan.ts';

/**
 * The platform runs as host processes, its Jobs by the emulated runner, until it moves onto the
 * node: a real controller-manager would act on the same CronJobs and Jobs. So a new state dir gets
 * no node here (TRIBUTARY_NODE=0 unless set), and only the host servers are started.
 */
const platformConfig = () => loadConfig({ TRIBUTARY_NODE: '0', ...process.env });

const FIELD_MANAGER = 'tributary-up';
const READY_TIMEOUT_MS = 120_000;
type Log = (line: string) => void;

const platformRunDir = (cfg: StackConfig) => join(cfg.paths.stateDir, 'platform');
const apiSettings = (cfg: StackConfig) => ({
  jwtKeysFile: join(cfg.paths.stateDir, 'api', 'signing-keys.json'),
  adminEmails: localAdminEmails(process.env),
});
const logFile = (cfg: StackConfig, name: string) => join(cfg.paths.logsDir, `${name}.log`);

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

async function ensureProcess(cfg: StackConfig, p: PlatformProcess, log: Log): Promise<void> {
  const runDir = platformRunDir(cfg);
  const rec = readPidRecord(runDir, p.name);
  if (rec && isAlive(rec.pid, rec.match)) {
    log(`${p.name}: running (pid ${rec.pid})`);
    return;
  }
  if (rec) log(`${p.name}: was not running (stale pid ${rec.pid}); restarting`);
  const file = logFile(cfg, p.name);
  // Something else answering on our port would pass the readiness wait for a process that died.
  if (p.readyUrl && (await isReady(p.readyUrl))) {
    throw new Error(
      `${p.name}: ${p.readyUrl} already answers, but not from a process this state dir started; stop it first`,
    );
  }
  const pid = await spawnDetached({
    command: process.execPath,
    args: p.args,
    env: p.env,
    logFile: file,
    cwd: repoRoot,
  });
  writePidRecord(runDir, p.name, { pid, match: p.match, startedAt: new Date().toISOString() });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!isAlive(pid, p.match))
      throw new Error(`${p.name} exited during start-up; see ${file}:\n${tail(file)}`);
    if (!p.readyUrl || (await isReady(p.readyUrl))) break;
    if (Date.now() > deadline) {
      throw new Error(
        `${p.name} not ready after ${READY_TIMEOUT_MS / 1000}s (${p.readyUrl}); see ${file}:\n${tail(file)}`,
      );
    }
    await sleep(250);
  }
  log(`${p.name}: ready (pid ${pid})`);
}

async function waitForCronJob(client: KubeClient, feed: Feed, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const live = await getIfExists<Feed>(
      client,
      feedResource,
      feed.metadata.namespace,
      feed.metadata.name ?? '',
    );
    const ready = live?.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'True') return true;
    await sleep(250);
  }
  return false;
}

export async function platformUp(log: Log): Promise<void> {
  const cfg = platformConfig();
  log('==> local stack');
  await stackUp(cfg, [...HOST_SERVER_NAMES], (line) => log(`    ${line}`));
  const stackEnv = stackEnvVars(cfg, process.env.PATH);

  log('==> database migrations');
  const orm = await createOrm(stackEnv.DATABASE_URL);
  try {
    const report = await migrateUp(orm);
    log(`    ${report.applied.length} applied`);
  } finally {
    await orm.close();
  }

  log('==> Kubernetes: Feed CRD, demo namespace, ingest ConfigMap');
  const client = KubeClient.fromEnvironment(stackEnv.KUBECONFIG);
  await applyFeedCrd(client);
  const apply = (ref: Parameters<typeof applyObject>[1], obj: object) =>
    applyObject(client, ref, obj as never, { fieldManager: FIELD_MANAGER, force: true });
  await apply(resources.namespaces, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: DEMO_NAMESPACE },
  });
  await apply(resources.configMaps, ingestConfigMap(DEMO_NAMESPACE, stackEnv.NATS_URL ?? ''));

  log('==> platform processes');
  ensureDir(platformRunDir(cfg));
  const runnerLogDir = join(cfg.paths.logsDir, 'jobs');
  ensureDir(runnerLogDir);
  const api = apiSettings(cfg);
  log(`    api signing keys: ${await ensureDevSigningKeys(api.jwtKeysFile)} (${api.jwtKeysFile})`);
  for (const p of planFor(cfg, runnerLogDir)) {
    await ensureProcess(cfg, p, (line) => log(`    ${line}`));
  }

  log('==> sample feeds');
  const feeds = sampleFeeds(DEMO_NAMESPACE, `http://127.0.0.1:${PLATFORM_PORTS.samples}`);
  for (const feed of feeds) {
    const existed = await getIfExists<Feed>(client, feedResource, DEMO_NAMESPACE, feed.metadata.name ?? '');
    await apply(feedResource, feed);
    if (!existed && (await waitForCronJob(client, feed, 60_000))) {
      // A first run now rather than at the next schedule tick, so there is data to look at.
      await triggerFeedRun(client, DEMO_NAMESPACE, feed.metadata.name ?? '', { force: true });
    }
    log(`    feed ${DEMO_NAMESPACE}/${feed.metadata.name} -> ${feed.spec.url}`);
  }
  log(
    nextSteps(
      cfg.paths.stateDir,
      stackEnvCommand(commandNode(cfg), process.env.TRIBUTARY_STACK_DIR),
      api.adminEmails,
    ),
  );
}

const planFor = (cfg: StackConfig, runnerLogDir = '') =>
  platformProcesses({
    repoRoot,
    stackEnv: stackEnvVars(cfg, process.env.PATH),
    runnerLogDir,
    api: apiSettings(cfg),
  });

/** `tributary status`: the stack's servers, then every platform process. */
export async function platformStatus(): Promise<{ servers: StatusRow[]; processes: StatusRow[] }> {
  const cfg = platformConfig();
  const runDir = platformRunDir(cfg);
  const processes = await Promise.all(
    planFor(cfg).map(async (p) => {
      const record = readPidRecord(runDir, p.name);
      const alive = record !== undefined && isAlive(record.pid, record.match ?? p.match);
      const ready = alive && p.readyUrl ? await isReady(p.readyUrl) : undefined;
      return processRow(p, { record, alive, ready }, logFile(cfg, p.name));
    }),
  );
  return { servers: await stackStatus(cfg), processes };
}

/** Stops the platform's processes (newest first), then the stack's servers and the tests' node stack. */
export async function platformDown(log: Log): Promise<void> {
  const cfg = platformConfig();
  const runDir = platformRunDir(cfg);
  const procs = planFor(cfg).reverse();
  for (const p of procs) {
    const rec = readPidRecord(runDir, p.name);
    if (!rec) continue;
    const how = await stopProcess(rec.pid, rec.match ?? p.match, 'SIGTERM', 30_000);
    removePidFile(runDir, p.name);
    log(`${p.name}: ${how}`);
  }
  await stackDown(cfg, undefined, log);
  const node = loadNodeStackConfig();
  if (existsSync(node.paths.stateDir) && node.paths.stateDir !== cfg.paths.stateDir) {
    await stackDown(node, undefined, (line) => log(`node stack: ${line}`));
  }
}
