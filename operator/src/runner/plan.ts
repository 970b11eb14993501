/**
 * Pure decisions of the local job runner: job names, which command to run, which Jobs to prune,
 * Job status documents, and whether a CronJob may start a new Job.
 */
import { fileURLToPath } from 'node:url';
import type { CronJob, Job, JobStatus } from '@tributary/k8s';

/** `<cronjob>-<scheduled time in minutes since the epoch>`, as the CronJob controller names Jobs. */
export function scheduledJobName(cronJobName: string, scheduledTime: Date): string {
  return `${cronJobName}-${Math.floor(scheduledTime.getTime() / 60_000)}`;
}

/** This checkout's CLI: what the image's `tributary` entrypoint is, locally. */
export const TRIBUTARY_BIN = fileURLToPath(new URL('../../../bin/tributary.js', import.meta.url));

/**
 * The argv for a container: `command` + `args`, with the image entrypoint `tributary` (implied when
 * there is no command, as in our CronJobs) resolved to `node bin/tributary.js` of this checkout.
 */
export function containerArgv(
  container: { command?: string[]; args?: string[] },
  node = process.execPath,
  bin = TRIBUTARY_BIN,
): string[] {
  const cmd = container.command?.length ? container.command : ['tributary'];
  const [first, ...rest] = cmd;
  const head =
    first === 'tributary' || first === '/usr/local/bin/tributary' ? [node, bin] : [first as string];
  return [...head, ...rest, ...(container.args ?? [])];
}

export function isFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

export function succeeded(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');
}

export function ownedBy(job: Job, cronJob: CronJob): boolean {
  return (job.metadata.ownerReferences ?? []).some(
    (o) => o.kind === 'CronJob' && o.uid === cronJob.metadata.uid,
  );
}

/** Forbid: no new Job while one is still running. */
export function mayStart(cronJob: CronJob, jobs: Job[]): { ok: true } | { ok: false; reason: string } {
  if (cronJob.spec.suspend) return { ok: false, reason: 'suspended' };
  if (cronJob.spec.concurrencyPolicy !== 'Allow') {
    const running = jobs.find((j) => ownedBy(j, cronJob) && !isFinished(j));
    if (running)
      return {
        ok: false,
        reason: `job ${running.metadata.name} is still running (concurrencyPolicy ${cronJob.spec.concurrencyPolicy ?? 'Forbid'})`,
      };
  }
  return { ok: true };
}

/**
 * Finished Jobs beyond the CronJob's history limits, oldest first. Times have second precision,
 * so `justFinished` (the Job that just completed) breaks ties as the newest.
 */
export function jobsToPrune(cronJob: CronJob, jobs: Job[], justFinished?: string): Job[] {
  const time = (j: Job) =>
    Date.parse(
      j.status?.completionTime ??
        j.status?.conditions?.at(-1)?.lastTransitionTime ??
        j.metadata.creationTimestamp ??
        '0',
    );
  const finished = jobs
    .filter((j) => ownedBy(j, cronJob) && isFinished(j))
    .sort(
      (a, b) =>
        time(b) - time(a) ||
        Number(b.metadata.name === justFinished) - Number(a.metadata.name === justFinished) ||
        (a.metadata.name < b.metadata.name ? 1 : -1),
    );
  const ok = finished.filter(succeeded).slice(cronJob.spec.successfulJobsHistoryLimit ?? 3);
  const failed = finished.filter((j) => !succeeded(j)).slice(cronJob.spec.failedJobsHistoryLimit ?? 1);
  return [...ok, ...failed].reverse();
}

const t = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function runningStatus(start: Date, failedSoFar: number): JobStatus {
  return { active: 1, startTime: t(start), ...(failedSoFar > 0 ? { failed: failedSoFar } : {}) };
}

/**
 * Terminal status. The apiserver (1.31+) requires the terminal condition to follow
 * SuccessCriteriaMet / FailureTarget, as the Job controller writes them.
 */
export function finishedStatus(
  start: Date,
  end: Date,
  ok: boolean,
  failed: number,
  reason: string,
  message: string,
): JobStatus {
  const at = t(end);
  if (ok) {
    return {
      active: 0,
      succeeded: 1,
      ...(failed > 0 ? { failed } : {}),
      startTime: t(start),
      completionTime: at,
      conditions: [
        {
          type: 'SuccessCriteriaMet',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
          lastTransitionTime: at,
        },
        {
          type: 'Complete',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
          lastTransitionTime: at,
        },
      ],
    };
  }
  return {
    active: 0,
    failed,
    startTime: t(start),
    conditions: [
      { type: 'FailureTarget', status: 'True', reason, message, lastTransitionTime: at },
      { type: 'Failed', status: 'True', reason, message, lastTransitionTime: at },
    ],
  };
}
