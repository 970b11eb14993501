/** `tributary feed run NS/NAME`: one immediate run of a Feed's job (like `kubectl create job --from=cronjob/…`). */
import { randomBytes } from 'node:crypto';
import type { CronJob, Feed, Job, KubeClient } from '@tributary/k8s';
import {
  createObject,
  feedResource,
  getIfExists,
  getObject,
  jobFromCronJob,
  resources,
  sleep,
} from '@tributary/k8s';
import { cronJobName } from './desired.ts';
import { isFinished, succeeded } from './job-status.ts';

export class FeedRunError extends Error {
  override name = 'FeedRunError';
}

/** Creates the Job; `--force` tells the ingestor to fetch even when its schedule/backoff says not yet. */
export async function triggerFeedRun(
  client: KubeClient,
  namespace: string,
  name: string,
  opts: { force?: boolean } = {},
): Promise<Job> {
  const feed = await getIfExists<Feed>(client, feedResource, namespace, name);
  if (!feed) throw new FeedRunError(`feed ${namespace}/${name} not found`);
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
  return createObject(client, resources.jobs, job);
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
