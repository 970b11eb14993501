/**
 * Pooled ingestion (ingest.mode=pooled): the operator leader is the one scheduler. Per Feed it
 * deletes the CronJob cronjob mode left, publishes each due fetch as a work item on the FETCHES
 * work queue (the ingest worker pool takes it), and keeps `status.nextFetchTime` — the same
 * plannedNextFetch as cronjob mode: cron or interval from the spec, the fetch state's adaptive due
 * time, backoff and Retry-After (status.dueTime) — which is also the schedule's memory: a due time
 * that has passed is published once (its message id dedupes a retried reconcile or a new leader),
 * so a mode switch or a failover loses no due fetch and adds none.
 */
import type { FeedFetchDueData, FetchReason } from '@tributary/events';
import type { CronJob, KubeClient } from '@tributary/k8s';
import { deleteObject, mergePatch, resources } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { cronJobName, feedResource, RUN_REQUESTED_ANNOTATION } from '@tributary/feed-api';
import { isoSeconds } from './conditions.ts';
import { plannedNextFetch } from './schedule.ts';

export interface DueFetch {
  /** The work item's message id key (see fetchDueMsgId). */
  key: string;
  reason: FetchReason;
  force: boolean;
  dueAt: Date;
}

/**
 * The work items to publish now for `feed` (pure), in order: a requested run, the first fetch of a
 * new Feed, a spec edit (a new URL's fetch state starts over, so the worker fetches it; another edit
 * is a no-op there), and the scheduled fetch whose time (status.nextFetchTime) has come.
 */
export function dueFetches(feed: Feed, now: Date): DueFetch[] {
  if (feed.spec.suspend) return [];
  const out: DueFetch[] = [];
  const s = feed.status ?? {};
  const requested = feed.metadata.annotations?.[RUN_REQUESTED_ANNOTATION];
  if (requested) out.push({ key: `run-${requested}`, reason: 'run-now', force: true, dueAt: now });
  const generation = feed.metadata.generation ?? 0;
  // Never fetched (new, or cronjob mode had not run it yet): at once; the key dedupes repeats.
  if (!s.lastFetchTime) out.push({ key: 'initial', reason: 'initial', force: true, dueAt: now });
  else if (s.observedGeneration !== undefined && s.observedGeneration < generation)
    out.push({ key: `gen-${generation}`, reason: 'spec-changed', force: false, dueAt: now });
  const next = s.nextFetchTime ? new Date(s.nextFetchTime) : null;
  if (next && next.getTime() <= now.getTime())
    out.push({ key: String(next.getTime()), reason: 'scheduled', force: false, dueAt: next });
  return out;
}

/** The work item body for one due fetch. */
export function fetchDueData(feed: Feed, due: DueFetch): FeedFetchDueData {
  return {
    feed: {
      uid: feed.metadata.uid ?? '',
      namespace: feed.metadata.namespace ?? 'default',
      name: feed.metadata.name,
      generation: feed.metadata.generation ?? 0,
      spec: feed.spec as unknown as FeedFetchDueData['feed']['spec'],
    },
    dueAt: isoSeconds(due.dueAt),
    reason: due.reason,
    force: due.force,
  };
}

export interface FetchQueue {
  /** Publishes a work item (deduped by message id); resolves once the stream stored it. */
  publish(data: FeedFetchDueData, key: string): Promise<void>;
  /** Drops the queued work items of one feed (suspended, deleted, switched to cronjob mode). */
  purge(feedUid: string): Promise<void>;
}

/** The next fetch in pooled mode (the same truth as cronjob mode's). */
export function pooledNextFetch(schedule: string, now: Date, dueTime: string | undefined): Date | null {
  return plannedNextFetch(schedule, now, { dueTime });
}

/** Removes the CronJob cronjob mode created (its Jobs go with it); true when there was one. */
export async function deleteCronJob(
  client: KubeClient,
  feed: Feed,
  cached: CronJob | undefined,
): Promise<boolean> {
  if (!cached) return false;
  return deleteObject(client, resources.cronJobs, feed.metadata.namespace, cronJobName(feed.metadata.name));
}

/** Publishes the due fetches; then drops a handled run request from the Feed. */
export async function publishDue(
  client: KubeClient,
  queue: FetchQueue,
  feed: Feed,
  due: DueFetch[],
): Promise<void> {
  for (const d of due) await queue.publish(fetchDueData(feed, d), d.key);
  if (due.some((d) => d.reason === 'run-now')) {
    await mergePatch(client, feedResource, feed.metadata.namespace, feed.metadata.name, {
      metadata: { annotations: { [RUN_REQUESTED_ANNOTATION]: null } },
    });
  }
}
