/** "Run a Feed now": one immediate Job from the Feed's CronJob (like `kubectl create job --from=cronjob/…`). */
import { randomBytes } from 'node:crypto';
import type { CronJob, Job, KubeClient } from '@tributary/k8s';
import { createObject, getIfExists, jobFromCronJob, resources } from '@tributary/k8s';
import { cronJobName, feedResource } from './labels.ts';
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

/** Creates the Job; `--force` tells the ingestor to fetch even when its schedule/backoff says not yet. */
export async function triggerFeedRun(
  client: KubeClient,
  namespace: string,
  name: string,
  opts: { force?: boolean; onFeed?: (feed: Feed) => void } = {},
): Promise<Job> {
  const feed = await getIfExists<Feed>(client, feedResource, namespace, name);
  if (!feed) throw new FeedRunError('not-found', `feed ${namespace}/${name} not found`);
  opts.onFeed?.(feed);
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
  return createObject(client, resources.jobs, job);
}
