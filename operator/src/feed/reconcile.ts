/**
 * One level-triggered, idempotent reconcile of a Feed: finalizer per deletionPolicy, the CronJob
 * (server-side applied only when the observed one differs), then status (written only when it
 * changed) — so a steady-state resync makes no writes. Errors propagate to the rate-limited queue.
 */
import type { CronJob, EventRecorder, Feed, FeedStatus, KubeClient } from '@tributary/k8s';
import {
  applyObject,
  applyStatus,
  containsDesired,
  FEED_API_VERSION,
  FEED_FINALIZER,
  FEED_KIND,
  feedResource,
  FIELD_MANAGER,
  resources,
} from '@tributary/k8s';
import type { IngestSettings } from '../config.ts';
import { desiredCronJob } from './desired.ts';
import { effectiveSchedule, nextFireTime, ScheduleError, validateCron } from './schedule.ts';
import { findCondition, isoSeconds, setCondition } from './conditions.ts';

export interface ReconcileDeps {
  client: KubeClient;
  feeds: { get(key: string): Feed | undefined };
  cronJobs: { get(key: string): CronJob | undefined };
  recorder: Pick<EventRecorder, 'event'>;
  ingest: IngestSettings;
  /** Publishes feed.deleted and resolves once JetStream acknowledged it. */
  publishFeedDeleted(feed: Feed): Promise<void>;
  now?(): Date;
}

export interface ReconcileResult {
  /** Reconcile again after this long (refreshes status.nextFetchTime after each fire). */
  requeueAfterMs?: number;
  /** What was written, for logs and tests. */
  wrote: ('cronjob' | 'status' | 'finalizer')[];
}

export async function reconcileFeed(key: string, deps: ReconcileDeps): Promise<ReconcileResult> {
  const wrote: ReconcileResult['wrote'] = [];
  const now = deps.now?.() ?? new Date();
  const feed = deps.feeds.get(key);
  // A deleted Feed's CronJob is the garbage collector's: it is owned by the Feed.
  if (!feed) return { wrote };

  const hasFinalizer = feed.metadata.finalizers?.includes(FEED_FINALIZER) ?? false;
  if (feed.metadata.deletionTimestamp) {
    if (hasFinalizer) {
      await deps.publishFeedDeleted(feed);
      await applyFinalizer(deps.client, feed, false);
      wrote.push('finalizer');
    }
    return { wrote };
  }
  const wantFinalizer = feed.spec.deletionPolicy === 'Delete';
  if (wantFinalizer !== hasFinalizer) {
    await applyFinalizer(deps.client, feed, wantFinalizer);
    wrote.push('finalizer');
  }

  let schedule: string;
  try {
    schedule = effectiveSchedule(feed.spec, key);
    validateCron(schedule);
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    deps.recorder.event(feed, 'Warning', 'InvalidSpec', err.message);
    const status = statusFor(feed, { ready: ['False', 'InvalidSpec', err.message] }, now);
    if (await writeStatusIfChanged(deps.client, feed, status)) wrote.push('status');
    return { wrote };
  }

  const desired = desiredCronJob(feed, schedule, deps.ingest);
  const observed = deps.cronJobs.get(`${desired.metadata.namespace}/${desired.metadata.name}`);
  if (!observed || !containsDesired(observed, desired)) {
    await applyObject(deps.client, resources.cronJobs, desired, { fieldManager: FIELD_MANAGER, force: true });
    wrote.push('cronjob');
    const verb = observed ? 'Updated' : 'Created';
    deps.recorder.event(
      feed,
      'Normal',
      `CronJob${verb}`,
      `${verb} CronJob ${desired.metadata.name} (schedule "${schedule}")`,
    );
  }

  const suspended = feed.spec.suspend === true;
  const next = suspended ? null : keepOrComputeNext(feed.status, schedule, now);
  const message = suspended
    ? `CronJob ${desired.metadata.name} is suspended`
    : `CronJob ${desired.metadata.name} fetches on schedule "${schedule}"`;
  const status = statusFor(
    feed,
    { ready: ['True', suspended ? 'Suspended' : 'CronJobReady', message] },
    now,
    {
      cronJobName: desired.metadata.name,
      schedule,
      ...(next ? { nextFetchTime: next } : {}),
    },
  );
  if (await writeStatusIfChanged(deps.client, feed, status)) wrote.push('status');
  return next
    ? { wrote, requeueAfterMs: Math.max(1000, Date.parse(next) - now.getTime() + 1000) }
    : { wrote };
}

/** The stored nextFetchTime while it is still ahead and for the same schedule, else the next fire. */
function keepOrComputeNext(status: FeedStatus | undefined, schedule: string, now: Date): string | null {
  const stored = status?.nextFetchTime;
  if (stored && status?.schedule === schedule && Date.parse(stored) > now.getTime()) return stored;
  const next = nextFireTime(schedule, now);
  return next ? isoSeconds(next) : null;
}

type ReadyTuple = ['True' | 'False', string, string];

/** The status fields this reconciler owns (the fetch-outcome fields belong to the status writer). */
function statusFor(
  feed: Feed,
  c: { ready: ReadyTuple },
  now: Date,
  extra: Pick<FeedStatus, 'cronJobName' | 'schedule' | 'nextFetchTime'> = {},
): FeedStatus {
  const generation = feed.metadata.generation ?? 0;
  const [status, reason, message] = c.ready;
  const ready = setCondition(
    feed.status?.conditions,
    { type: 'Ready', status, reason, message, observedGeneration: generation },
    now,
  ).find((x) => x.type === 'Ready');
  return { observedGeneration: generation, ...extra, conditions: ready ? [ready] : [] };
}

async function writeStatusIfChanged(client: KubeClient, feed: Feed, status: FeedStatus): Promise<boolean> {
  const cur = feed.status ?? {};
  const ready = findCondition(status.conditions, 'Ready');
  const curReady = findCondition(cur.conditions, 'Ready');
  const same =
    cur.observedGeneration === status.observedGeneration &&
    cur.cronJobName === status.cronJobName &&
    cur.schedule === status.schedule &&
    cur.nextFetchTime === status.nextFetchTime &&
    curReady?.status === ready?.status &&
    curReady?.reason === ready?.reason &&
    curReady?.message === ready?.message &&
    curReady?.observedGeneration === ready?.observedGeneration;
  if (same) return false;
  await applyStatus(client, feedResource, feed, status, FIELD_MANAGER);
  return true;
}

/** Adds or removes only our finalizer: finalizers is a set-list, so SSA leaves others' entries alone. */
async function applyFinalizer(client: KubeClient, feed: Feed, present: boolean): Promise<void> {
  await applyObject(
    client,
    feedResource,
    {
      apiVersion: FEED_API_VERSION,
      kind: FEED_KIND,
      metadata: {
        name: feed.metadata.name,
        namespace: feed.metadata.namespace ?? 'default',
        finalizers: present ? [FEED_FINALIZER] : [],
      },
    },
    { fieldManager: `${FIELD_MANAGER}-finalizer`, force: true },
  );
}
