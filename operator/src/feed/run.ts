/** `tributary feed run NS/NAME`: one immediate run of a Feed's job (like `kubectl create job --from=cronjob/…`). */
import { randomBytes } from 'node:crypto';
import type { CronJob, Feed, FeedStatus, Job, KubeClient } from '@tributary/k8s';
import {
  createObject,
  feedResource,
  getIfExists,
  getObject,
  jobFromCronJob,
  mergePatch,
  resources,
  sleep,
} from '@tributary/k8s';
import { cronJobName } from './desired.ts';
import { RUN_REQUESTED_ANNOTATION } from './pooled.ts';
import { isFinished, succeeded } from './job-status.ts';

export class FeedRunError extends Error {
  override name = 'FeedRunError';
}

/** A triggered run: a Job (cronjob mode) or a run request the operator turns into a work item (pooled). */
export type FeedRun =
  { kind: 'job'; name: string; job: Job } | { kind: 'requested'; name: string; requestedAt: string };

/**
 * Cronjob mode: creates the Job (`--force` tells the ingestor to fetch even when its schedule or
 * backoff says not yet). Pooled mode (the Feed has a schedule but no CronJob): sets the
 * run-requested annotation; the operator publishes a forced fetch for the worker pool.
 */
export async function triggerFeedRun(
  client: KubeClient,
  namespace: string,
  name: string,
  opts: { force?: boolean; onFeed?: (feed: Feed) => void } = {},
): Promise<FeedRun> {
  const feed = await getIfExists<Feed>(client, feedResource, namespace, name);
  if (!feed) throw new FeedRunError(`feed ${namespace}/${name} not found`);
  opts.onFeed?.(feed);
  if (feed.status?.schedule && !feed.status.cronJobName) {
    const requestedAt = new Date().toISOString();
    await mergePatch(client, feedResource, namespace, name, {
      metadata: { annotations: { [RUN_REQUESTED_ANNOTATION]: requestedAt } },
    });
    return { kind: 'requested', name: `run-requested ${requestedAt}`, requestedAt };
  }
  const cjName = feed.status?.cronJobName ?? cronJobName(name);
  const cj = await getIfExists<CronJob>(client, resources.cronJobs, namespace, cjName);
  if (!cj)
    throw new FeedRunError(
      `feed ${namespace}/${name} has no CronJob ${cjName} yet (is the operator running?)`,
    );
  const suffix = `manual-${randomBytes(3).toString('hex')}`;
  const job = jobFromCronJob(cj, {
    name: `${cjName.slice(0, 63 - suffix.length - 1)}-${suffix}`,
    manual: true,
    ...(opts.force === false ? {} : { extraArgs: ['--force'] }),
  });
  const created = await createObject(client, resources.jobs, job);
  return { kind: 'job', name: created.metadata.name, job: created };
}

/** Pooled mode: waits until a fetch finished after the request shows on the Feed status. */
export async function waitForRequestedRun(
  client: KubeClient,
  namespace: string,
  name: string,
  requestedAt: string,
  timeoutMs: number,
): Promise<Feed> {
  const deadline = Date.now() + timeoutMs;
  const since = Math.floor(Date.parse(requestedAt) / 1000) * 1000;
  while (Date.now() < deadline) {
    const feed = await getObject<Feed>(client, feedResource, namespace, name);
    if (Date.parse(feed.status?.lastFetchTime ?? '') >= since) return feed;
    await sleep(500);
  }
  throw new FeedRunError(
    `feed ${namespace}/${name} was not fetched within ${Math.round(timeoutMs / 1000)} s of the run request (are the operator and the ingest workers running?)`,
  );
}

/** Polls the Job until it finishes; resolves true when it succeeded. */
export async function waitForJob(
  client: KubeClient,
  namespace: string,
  name: string,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = await getObject<Job>(client, resources.jobs, namespace, name);
    if (isFinished(job)) return succeeded(job);
    await sleep(500);
  }
  throw new FeedRunError(`job ${namespace}/${name} did not finish within ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * Whether a finished run shows on the Feed status: a fetch (or the operator's record of a run that
 * failed before it could report) at or after the Job started, or — for a run the ingestor skipped
 * (not due) — a new dueTime. `before` is the status when the run was triggered.
 */
export function runReflected(
  status: FeedStatus | undefined,
  job: Job,
  before: FeedStatus | undefined,
): boolean {
  const started = Date.parse(job.status?.startTime ?? job.metadata.creationTimestamp ?? '');
  const last = Date.parse(status?.lastFetchTime ?? '');
  if (!Number.isNaN(last) && !Number.isNaN(started) && last >= Math.floor(started / 1000) * 1000) return true;
  return succeeded(job) && status?.dueTime !== undefined && status.dueTime !== before?.dueTime;
}

/**
 * Waits until the finished Job's outcome is on the Feed status (written by the operator from the
 * feed.fetched event or from the failed Job), so `feed run --wait` returns with status current.
 */
export async function waitForRunStatus(
  client: KubeClient,
  namespace: string,
  name: string,
  jobName: string,
  before: FeedStatus | undefined,
  timeoutMs: number,
): Promise<Feed> {
  const deadline = Date.now() + timeoutMs;
  const job = await getObject<Job>(client, resources.jobs, namespace, jobName);
  while (Date.now() < deadline) {
    const feed = await getObject<Feed>(client, feedResource, namespace, name);
    if (runReflected(feed.status, job, before)) return feed;
    await sleep(500);
  }
  throw new FeedRunError(
    `job ${namespace}/${jobName} finished but feed ${namespace}/${name} status did not show it within ${Math.round(timeoutMs / 1000)} s (is the operator running, with status feedback?)`,
  );
}

/** One line for the CLI: the Feed's summary after a run. */
export function statusLine(feed: Feed): string {
  const s = feed.status ?? {};
  const parts = [
    `feed ${feed.metadata.namespace}/${feed.metadata.name}: ${s.summary ?? 'Unknown'}`,
    `items ${s.itemCount ?? 0}`,
    ...(s.lastFetchTime ? [`last fetch ${s.lastFetchTime}`] : []),
    ...(s.nextFetchTime ? [`next fetch ${s.nextFetchTime}`] : []),
    ...(s.lastError ? [`last error: ${s.lastError}`] : []),
  ];
  return parts.join(', ');
}
