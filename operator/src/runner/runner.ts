/**
 * The local job runner (`tributary runner`, embedded by `tributary up`; never deployed in a
 * cluster): it stands in for the CronJob controller and kubelet a bare apiserver lacks. It watches
 * our CronJobs, creates a Job (owned by the CronJob) when a schedule fires, runs each new Job's
 * container command as a child process with the resolved env, writes Job status, honours suspend,
 * concurrencyPolicy Forbid, backoffLimit, activeDeadlineSeconds and history limits.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cron } from 'croner';
import type { CronJob, Job, KubeClient } from '@tributary/k8s';
import {
  createObject,
  deleteObject,
  getIfExists,
  Informer,
  isApiError,
  jobFromCronJob,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  mergePatch,
  objectKey,
  resources,
} from '@tributary/k8s';
import type { Logger } from '@tributary/log';
import { resolveEnv } from './env.ts';
import {
  containerArgv,
  finishedStatus,
  isFinished,
  jobsToPrune,
  mayStart,
  ownedBy,
  runningStatus,
  scheduledJobName,
} from './plan.ts';

export interface RunnerOptions {
  client: KubeClient;
  log: Logger;
  /** Only these namespaces; all when empty. */
  namespaces?: string[];
  /** Child output goes to `<logDir>/<namespace>_<job>.log`. */
  logDir?: string;
  /** Jobs running at once (2 cores: a few fetches in parallel are I/O bound). */
  maxConcurrent?: number;
  /** Environment every child starts from (PATH, HOME, ...), before the container's env. */
  baseEnv?: Record<string, string>;
  /** Time a child gets after SIGTERM on shutdown or deadline before SIGKILL. */
  killGraceMs?: number;
}

export interface RunnerHandle {
  /** Jobs currently running as child processes. */
  running(): number;
  stop(): Promise<void>;
  done: Promise<void>;
}

export const RUNNER_DEFAULTS = { maxConcurrent: 4, killGraceMs: 5000 } as const;

function defaultBaseEnv(): Record<string, string> {
  const keep = [
    'PATH',
    'HOME',
    'TMPDIR',
    'LANG',
    'TZ',
    'LOG_LEVEL',
    'LOG_FORMAT',
    'NODE_OPTIONS',
    'NODE_EXTRA_CA_CERTS',
  ];
  return Object.fromEntries(
    keep.flatMap((k) => (process.env[k] !== undefined ? [[k, process.env[k] as string]] : [])),
  );
}

export async function startRunner(o: RunnerOptions): Promise<RunnerHandle> {
  const { client, log } = o;
  const logDir = o.logDir ?? join(tmpdir(), 'tributary-runner');
  mkdirSync(logDir, { recursive: true });
  const maxConcurrent = o.maxConcurrent ?? RUNNER_DEFAULTS.maxConcurrent;
  const killGraceMs = o.killGraceMs ?? RUNNER_DEFAULTS.killGraceMs;
  const baseEnv = o.baseEnv ?? defaultBaseEnv();
  const stopping = new AbortController();
  const selector = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
  const scopes = o.namespaces?.length ? o.namespaces : [undefined];
  const schedules = new Map<string, { cron: Cron; schedule: string; suspend: boolean }>();
  /** Job key → its child process handle (present while running). */
  const running = new Map<string, { kill(signal: NodeJS.Signals): void }>();
  const pending: string[] = [];
  const tasks = new Set<Promise<void>>();
  let initialSync = true;

  const cronInformers = scopes.map(
    (namespace) =>
      new Informer<CronJob>({
        client,
        resource: resources.cronJobs,
        namespace,
        labelSelector: selector,
        handlers: { add: syncSchedule, update: (_a, b) => syncSchedule(b), delete: dropSchedule },
        onRestart: (reason, err) =>
          reason !== 'timeout' &&
          log.warn('runner: cronjob watch restarted', { reason, error: String(err ?? '') }),
      }),
  );
  const jobInformers = scopes.map(
    (namespace) =>
      new Informer<Job>({
        client,
        resource: resources.jobs,
        namespace,
        labelSelector: selector,
        handlers: {
          add: consider,
          update: (_a, b) => consider(b),
          delete: (j) => running.get(objectKey(j))?.kill('SIGTERM'),
        },
        onRestart: (reason, err) =>
          reason !== 'timeout' &&
          log.warn('runner: job watch restarted', { reason, error: String(err ?? '') }),
      }),
  );
  const getCron = (key: string) => cronInformers.map((i) => i.get(key)).find(Boolean);
  const allJobs = () => jobInformers.flatMap((i) => i.list());

  function track(p: Promise<void>): void {
    const q: Promise<void> = p
      .catch((err: unknown) => void log.error('runner task failed', { error: String(err) }))
      .finally(() => tasks.delete(q));
    tasks.add(q);
  }

  function syncSchedule(cj: CronJob): void {
    const key = objectKey(cj);
    const cur = schedules.get(key);
    const suspend = cj.spec.suspend === true;
    if (cur && cur.schedule === cj.spec.schedule && cur.suspend === suspend) return;
    cur?.cron.stop();
    if (stopping.signal.aborted) return;
    try {
      const cron = new Cron(
        cj.spec.schedule,
        { mode: '5-part', timezone: cj.spec.timeZone ?? 'UTC', paused: suspend },
        () => fire(key),
      );
      schedules.set(key, { cron, schedule: cj.spec.schedule, suspend });
    } catch (err) {
      schedules.delete(key);
      log.warn('runner: unusable schedule', { cronJob: key, schedule: cj.spec.schedule, error: String(err) });
    }
  }

  function dropSchedule(cj: CronJob): void {
    const key = objectKey(cj);
    schedules.get(key)?.cron.stop();
    schedules.delete(key);
    // No garbage collector behind a bare apiserver: remove the CronJob's Jobs ourselves.
    for (const j of allJobs().filter((j) => ownedBy(j, cj)))
      track(
        deleteObject(client, resources.jobs, j.metadata.namespace, j.metadata.name).then(() => undefined),
      );
  }

  function fire(key: string): void {
    const cj = getCron(key);
    if (!cj || stopping.signal.aborted) return;
    const decision = mayStart(cj, allJobs());
    if (!decision.ok) {
      log.info('runner: skipped scheduled run', { cronJob: key, reason: decision.reason });
      return;
    }
    const scheduled = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const job = jobFromCronJob(cj, {
      name: scheduledJobName(cj.metadata.name, scheduled),
      scheduledTime: scheduled,
    });
    track(
      (async () => {
        try {
          await createObject(client, resources.jobs, job);
        } catch (err) {
          if (isApiError(err, 409)) return; // already fired for this minute
          throw err;
        }
        await mergePatch(
          client,
          resources.cronJobs,
          cj.metadata.namespace,
          cj.metadata.name,
          { status: { lastScheduleTime: scheduled.toISOString().replace(/\.\d{3}Z$/, 'Z') } },
          'status',
        );
      })(),
    );
  }

  function consider(job: Job): void {
    const key = objectKey(job);
    if (isFinished(job) || running.has(key) || pending.includes(key)) return;
    if (job.status?.startTime) {
      // Started by a runner that is gone (we only ever see our own children finish).
      if (initialSync) track(markAbandoned(job));
      return;
    }
    pending.push(key);
    pump();
  }

  function pump(): void {
    while (running.size < maxConcurrent && pending.length > 0 && !stopping.signal.aborted) {
      const key = pending.shift() as string;
      const job = jobInformers.map((i) => i.get(key)).find(Boolean);
      if (!job || isFinished(job)) continue;
      running.set(key, { kill: () => {} });
      track(
        execute(job).finally(() => {
          running.delete(key);
          pump();
        }),
      );
    }
  }

  async function markAbandoned(job: Job): Promise<void> {
    const start = new Date(job.status?.startTime ?? Date.now());
    const status = finishedStatus(
      start,
      new Date(),
      false,
      (job.status?.failed ?? 0) + 1,
      'RunnerRestarted',
      'the local job runner restarted while this job ran',
    );
    await mergePatch(client, resources.jobs, job.metadata.namespace, job.metadata.name, { status }, 'status');
  }

  async function execute(job: Job): Promise<void> {
    const key = objectKey(job);
    const ns = job.metadata.namespace ?? 'default';
    const container = job.spec.template.spec.containers[0];
    if (!container) return;
    const start = new Date();
    const patchStatus = (status: object) =>
      mergePatch(client, resources.jobs, ns, job.metadata.name, { status }, 'status');
    await patchStatus(runningStatus(start, 0));
    const decode = (data?: Record<string, string>) =>
      data &&
      Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      );
    let env: Record<string, string>;
    try {
      env = await resolveEnv(container, {
        configMap: async (name) =>
          (await getIfExists<{ data?: Record<string, string> }>(client, resources.configMaps, ns, name))
            ?.data ?? (undefined as never),
        secret: async (name) =>
          decode(
            (await getIfExists<{ data?: Record<string, string> }>(client, resources.secrets, ns, name))?.data,
          ),
      });
    } catch (err) {
      log.warn('runner: cannot resolve env', { job: key, error: String(err) });
      await patchStatus(
        finishedStatus(
          start,
          new Date(),
          false,
          1,
          'CreateContainerConfigError',
          String((err as Error).message ?? err),
        ),
      );
      return;
    }
    const argv = containerArgv(container);
    const deadlineMs = (job.spec.activeDeadlineSeconds ?? 0) * 1000;
    const attempts = (job.spec.backoffLimit ?? 6) + 1;
    let failed = 0;
    let outcome: { ok: boolean; reason: string; message: string } = {
      ok: false,
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    };
    const logFile = join(logDir, `${ns}_${job.metadata.name}.log`);
    for (let attempt = 1; attempt <= attempts && !stopping.signal.aborted; attempt++) {
      const remaining = deadlineMs > 0 ? deadlineMs - (Date.now() - start.getTime()) : Infinity;
      if (remaining <= 0) {
        outcome = {
          ok: false,
          reason: 'DeadlineExceeded',
          message: 'Job was active longer than specified deadline',
        };
        break;
      }
      log.info('runner: starting job', { job: key, attempt, argv: argv.slice(1).join(' ') });
      const result = await runChild(key, argv, { ...baseEnv, ...env }, logFile, remaining);
      if (result.code === 0) {
        outcome = { ok: true, reason: 'CompletionsReached', message: '' };
        break;
      }
      failed++;
      if (result.deadline) {
        outcome = {
          ok: false,
          reason: 'DeadlineExceeded',
          message: 'Job was active longer than specified deadline',
        };
        break;
      }
      log.warn('runner: job attempt failed', {
        job: key,
        attempt,
        exitCode: result.code,
        signal: result.signal,
        log: logFile,
      });
      if (attempt < attempts) await patchStatus(runningStatus(start, failed));
    }
    if (stopping.signal.aborted && !outcome.ok)
      outcome = { ok: false, reason: 'RunnerStopped', message: 'the local job runner shut down' };
    const end = new Date();
    await patchStatus(finishedStatus(start, end, outcome.ok, failed, outcome.reason, outcome.message));
    log.info('runner: job finished', {
      job: key,
      succeeded: outcome.ok,
      reason: outcome.ok ? undefined : outcome.reason,
      seconds: (end.getTime() - start.getTime()) / 1000,
    });
    await prune(job, end, outcome.ok);
  }

  async function prune(job: Job, end: Date, ok: boolean): Promise<void> {
    const ownerRef = job.metadata.ownerReferences?.find((r) => r.kind === 'CronJob');
    const cj = ownerRef && getCron(`${job.metadata.namespace}/${ownerRef.name}`);
    if (!cj) return;
    if (ok) {
      await mergePatch(
        client,
        resources.cronJobs,
        cj.metadata.namespace,
        cj.metadata.name,
        { status: { lastSuccessfulTime: end.toISOString().replace(/\.\d{3}Z$/, 'Z') } },
        'status',
      );
    }
    // The informer may not have seen this Job's final status yet: judge it by what we just wrote.
    const jobs = allJobs().map((j) =>
      objectKey(j) === objectKey(job) ? { ...j, status: finishedStatus(end, end, ok, 0, '', '') } : j,
    );
    for (const old of jobsToPrune(cj, jobs, job.metadata.name))
      await deleteObject(client, resources.jobs, old.metadata.namespace, old.metadata.name);
  }

  function runChild(
    key: string,
    argv: string[],
    env: Record<string, string>,
    logFile: string,
    timeoutMs: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; deadline: boolean }> {
    return new Promise((resolve) => {
      const out = createWriteStream(logFile, { flags: 'a' });
      // Own process group: a deadline or shutdown kills the whole tree, like a container's processes.
      const child = spawn(argv[0] as string, argv.slice(1), {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
      let deadline = false;
      let killTimer: NodeJS.Timeout | undefined;
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      };
      const kill = (signal: NodeJS.Signals) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        signalGroup(signal);
        killTimer ??= setTimeout(() => signalGroup('SIGKILL'), killGraceMs);
      };
      running.set(key, { kill });
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            deadline = true;
            kill('SIGTERM');
          }, timeoutMs)
        : undefined;
      const onStop = () => kill('SIGTERM');
      stopping.signal.addEventListener('abort', onStop, { once: true });
      child.on('error', (err) => out.write(`runner: spawn failed: ${err.message}\n`));
      child.on('exit', () => signalGroup('SIGKILL')); // leftovers of the group must not outlive the job
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        clearTimeout(killTimer);
        stopping.signal.removeEventListener('abort', onStop);
        out.end();
        resolve({ code: code ?? (signal ? null : 1), signal, deadline });
      });
    });
  }

  const informers = Promise.all([...cronInformers, ...jobInformers].map((i) => i.run(stopping.signal)));
  await Promise.all([...cronInformers, ...jobInformers].map((i) => i.waitForSync(stopping.signal)));
  initialSync = false;
  log.info('runner: watching CronJobs', {
    namespaces: o.namespaces?.length ? o.namespaces : 'all',
    schedules: schedules.size,
  });

  const done = (async () => {
    await informers;
    for (const s of schedules.values()) s.cron.stop();
    while (tasks.size > 0) await Promise.allSettled([...tasks]);
  })();
  return {
    running: () => running.size,
    stop: async () => {
      stopping.abort();
      await done;
    },
    done,
  };
}
