/**
 * "Run a Feed now": in cronjob mode one immediate Job from the Feed's CronJob (like `kubectl create
 * job --from=cronjob/…`); in pooled mode a run request the operator turns into a forced work item.
 */
import { randomBytes } from 'node:crypto';
import type { CronJob, Job, KubeClient } from '@tributary/k8s';
import { createObject, getIfExists, jobFromCronJob, mergePatch, resources } from '@tributary/k8s';
import { cronJobName, feedResource, RUN_REQUESTED_ANNOTATION } from './labels.ts';
import type { Feed } from './types.ts';

/** `not-found`: no such Feed; `not-reconciled`: no CronJob yet; `timeout`: a wait on the run gave up. */
export type FeedRunErrorCode = 'not-found' | 'not-reconciled' | 'timeout';

export class FeedRunError extends Error {
  override name = 'FeedRunError';
  readonly code: FeedRunErrorCode;

  constructor(code: FeedRunErrorCode, message: string) {
    super(message);
    this.code = code;
  }
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
  if (!feed) throw new FeedRunError('not-found', `feed ${namespace}/${name} not found`);
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
      'not-reconciled',
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
