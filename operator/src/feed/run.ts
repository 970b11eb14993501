/** `tributary feed run NS/NAME --wait`: waits on the run `triggerFeedRun` (the Feed API) started. */
import type { Job, KubeClient } from '@tributary/k8s';
import { getObject, resources, sleep } from '@tributary/k8s';
import type { Feed, FeedStatus } from '@tributary/feed-api';
import { FeedRunError, feedResource } from '@tributary/feed-api';
import { isFinished, succeeded } from './job-status.ts';

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
    'timeout',
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
  throw new FeedRunError(
    'timeout',
    `job ${namespace}/${name} did not finish within ${Math.round(timeoutMs / 1000)} s`,
  );
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
    'timeout',
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
