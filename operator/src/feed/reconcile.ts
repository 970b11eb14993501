/**
 * One level-triggered, idempotent reconcile of a Feed: finalizer per deletionPolicy (held until
 * both stores purged), the CronJob (server-side applied only when the observed one differs), the
 * Feed's runs seen on its Jobs (a run that failed before it could report becomes Healthy=False and
 * is retried with backoff; a new Feed or URL is fetched at once), then status (written only when
 * it changed) — so a steady-state resync makes no writes. Errors propagate to the rate-limited queue.
 */
import type { CronJob, EventRecorder, Job, KubeClient } from '@tributary/k8s';
import type { Feed, FeedCondition, FeedStatus } from '@tributary/feed-api';
import {
  applyObject,
  applyStatus,
  containsDesired,
  createObject,
  isConflict,
  jobFromCronJob,
  listAll,
  resources,
} from '@tributary/k8s';
import {
  cronJobName,
  FEED_API_VERSION,
  FEED_FINALIZER,
  FEED_KIND,
  feedResource,
  FIELD_MANAGER,
} from '@tributary/feed-api';
import type { IngestSettings } from '../config.ts';
import { writeFetchStatus } from '../status/fetch-status.ts';
import type { FailuresGauge } from '../status/failures-metric.ts';
import { desiredCronJob } from './desired.ts';
import {
  effectiveSchedule,
  isExactInterval,
  nextFireTime,
  plannedNextFetch,
  ScheduleError,
  validateCron,
} from './schedule.ts';
import { findCondition, isoSeconds, setCondition } from './conditions.ts';
import { checkRules } from './rules.ts';
import { purgeRecheckMs } from './purge.ts';
import {
  failed,
  failureRecorded,
  failureText,
  newestFirst,
  planRun,
  RUN_ATTEMPT_ANNOTATION,
  RUN_REASON_ANNOTATION,
  runFailureOutcome,
} from './runs.ts';
import type { PodTermination, RunPlan } from './runs.ts';
import { feedSummary } from './summary.ts';
import { deleteCronJob, dueFetches, pooledNextFetch, publishDue } from './pooled.ts';
import type { FetchQueue } from './pooled.ts';

export interface ReconcileDeps {
  client: KubeClient;
  feeds: { get(key: string): Feed | undefined };
  cronJobs: { get(key: string): CronJob | undefined };
  /** The Jobs each CronJob owns (the Job informer's index). */
  jobs: { forCronJob(namespace: string, cronJob: string): Job[] };
  recorder: Pick<EventRecorder, 'event'>;
  ingest: IngestSettings;
  /** Start runs (first fetch, URL change, retries); false: only record what the Jobs say. */
  startRuns?: boolean;
  /**
   * Publishes feed.deleted (resolving once JetStream stored it) and says which stores have not
   * purged it yet; the finalizer goes only when none is pending.
   */
  purgeFeed(feed: Feed): Promise<{ pending: string[] }>;
  failures?: FailuresGauge;
  /** The FETCHES work queue (ingest.mode=pooled). */
  fetchQueue?: FetchQueue;
  now?(): Date;
}

export interface ReconcileResult {
  /** Reconcile again after this long (next fire, pending retry, purge recheck). */
  requeueAfterMs?: number;
  /** What was written, for logs and tests. */
  wrote: ('cronjob' | 'status' | 'finalizer' | 'job' | 'run-status')[];
}

/** The status fields this reconciler owns (the fetch-outcome fields belong to the status writer). */
type OwnStatus = Pick<
  FeedStatus,
  'observedGeneration' | 'cronJobName' | 'schedule' | 'nextFetchTime' | 'summary'
> & {
  conditions: FeedCondition[];
};

export async function reconcileFeed(key: string, deps: ReconcileDeps): Promise<ReconcileResult> {
  const wrote: ReconcileResult['wrote'] = [];
  const now = deps.now?.() ?? new Date();
  const feed = deps.feeds.get(key);
  // A deleted Feed's CronJob is the garbage collector's: it is owned by the Feed.
  if (!feed) return { wrote };

  const hasFinalizer = feed.metadata.finalizers?.includes(FEED_FINALIZER) ?? false;
  if (feed.metadata.deletionTimestamp) {
    // Its queued fetches must not run after it is gone.
    await deps.fetchQueue?.purge(feed.metadata.uid ?? '');
    if (!hasFinalizer) return { wrote };
    const { pending } = await deps.purgeFeed(feed);
    if (pending.length === 0) {
      await applyFinalizer(deps.client, feed, false);
      wrote.push('finalizer');
      return { wrote };
    }
    // Hold: `kubectl delete` waits, and the Feed says what it waits for.
    const message = `Waiting for the purge of this feed's items: ${pending.join(', ')}`;
    const status: OwnStatus = {
      ...ownFields(feed.status),
      summary: 'Deleting',
      conditions: [
        ...keepCondition(feed, 'Ready'),
        condition(feed, now, 'Purged', 'False', 'PurgePending', message),
      ],
    };
    if (!findCondition(feed.status?.conditions, 'Purged'))
      deps.recorder.event(feed, 'Normal', 'PurgePending', message);
    if (await writeStatusIfChanged(deps.client, feed, status)) wrote.push('status');
    const since = now.getTime() - Date.parse(feed.metadata.deletionTimestamp);
    return { wrote, requeueAfterMs: purgeRecheckMs(Number.isNaN(since) ? 0 : since) };
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
    const conditions = [condition(feed, now, 'Ready', 'False', 'InvalidSpec', err.message)];
    const status: OwnStatus = {
      observedGeneration: feed.metadata.generation ?? 0,
      summary: 'InvalidSpec',
      conditions,
    };
    if (await writeStatusIfChanged(deps.client, feed, status)) wrote.push('status');
    return { wrote };
  }
  // Stored before the CRD refused inexact intervals: it still runs (rounded down, never less
  // often than asked) and says so.
  const rounded = feed.spec.schedule ? false : !isExactInterval(feed.spec.interval ?? '');

  if (deps.ingest.mode === 'pooled') return reconcilePooled(feed, schedule, rounded, deps, now, wrote);

  const desired = desiredCronJob(feed, schedule, deps.ingest);
  let cronJob = deps.cronJobs.get(`${desired.metadata.namespace}/${desired.metadata.name}`);
  if (!cronJob || !containsDesired(cronJob, desired)) {
    const verb = cronJob ? 'Updated' : 'Created';
    cronJob = await applyObject(deps.client, resources.cronJobs, desired, {
      fieldManager: FIELD_MANAGER,
      force: true,
    });
    wrote.push('cronjob');
    deps.recorder.event(
      feed,
      'Normal',
      `CronJob${verb}`,
      `${verb} CronJob ${desired.metadata.name} (schedule "${schedule}")`,
    );
    if (rounded) deps.recorder.event(feed, 'Warning', 'IntervalRounded', roundedMessage(feed, schedule));
  }

  // Runs: what the Jobs say that no feed.fetched outcome will.
  const ns = desired.metadata.namespace ?? 'default';
  const jobs = deps.jobs.forCronJob(ns, desired.metadata.name);
  let fetchStatus: Pick<FeedStatus, 'dueTime' | 'conditions'> = feed.status ?? {};
  const newest = newestFirst(jobs)[0];
  if (newest && failed(newest) && !failureRecorded(feed.status, newest)) {
    const pods = await listAll<PodTermination & Job>(deps.client, resources.pods, {
      namespace: ns,
      labelSelector: `job-name=${newest.metadata.name}`,
    }).then(
      (l) => l.items,
      () => [],
    );
    const written = await writeFetchStatus(
      {
        client: deps.client,
        feeds: deps.feeds,
        recorder: deps.recorder,
        now: () => now,
        ...(deps.failures ? { failures: deps.failures } : {}),
      },
      key,
      feed.metadata.uid ?? '',
      [runFailureOutcome(feed, newest, failureText(newest, pods))],
    );
    if (written) {
      wrote.push('run-status');
      fetchStatus = written;
    }
  }

  const suspended = feed.spec.suspend === true;
  const dueTime = fetchStatus.dueTime;
  const tick = plannedNextFetch(schedule, now, { dueTime });
  const plan =
    deps.startRuns === false
      ? null
      : planRun({ feed, cronJobName: desired.metadata.name, jobs, now, nextTick: tick });
  let retryAt: Date | undefined;
  if (plan && plan.at.getTime() <= now.getTime()) {
    if (await startRun(deps.client, cronJob, plan)) {
      wrote.push('job');
      deps.recorder.event(feed, 'Normal', 'RunStarted', runMessage(plan));
    }
  } else if (plan) retryAt = plan.at;

  const next = suspended ? null : plannedNextFetch(schedule, now, { dueTime, retryAt });
  const message = suspended
    ? `CronJob ${desired.metadata.name} is suspended`
    : rounded
      ? roundedMessage(feed, schedule)
      : `CronJob ${desired.metadata.name} fetches on schedule "${schedule}"`;
  const ready = condition(
    feed,
    now,
    'Ready',
    'True',
    suspended ? 'Suspended' : rounded ? 'IntervalRounded' : 'CronJobReady',
    message,
  );
  const healthy = findCondition(fetchStatus.conditions, 'Healthy');
  const status: OwnStatus = {
    observedGeneration: feed.metadata.generation ?? 0,
    cronJobName: desired.metadata.name,
    schedule,
    ...(next ? { nextFetchTime: isoSeconds(next) } : {}),
    summary: feedSummary({ deleting: false, suspended, conditions: healthy ? [ready, healthy] : [ready] }),
    conditions: withRules(feed, now, deps.recorder, ready),
  };
  if (await writeStatusIfChanged(deps.client, feed, status)) wrote.push('status');
  const wake = [next?.getTime(), nextFireTime(schedule, now)?.getTime(), retryAt?.getTime()]
    .filter((t): t is number => t !== undefined)
    .map((t) => Math.max(1000, t - now.getTime() + 1000));
  return wake.length > 0 ? { wrote, requeueAfterMs: Math.min(...wake) } : { wrote };
}

/** Pooled mode (pooled.ts): no CronJob; due fetches go to the worker pool, status looks the same. */
async function reconcilePooled(
  feed: Feed,
  schedule: string,
  rounded: boolean,
  deps: ReconcileDeps,
  now: Date,
  wrote: ReconcileResult['wrote'],
): Promise<ReconcileResult> {
  const queue = deps.fetchQueue;
  if (!queue) throw new Error('ingest mode pooled needs the FETCHES work queue (NATS)');
  if (
    await deleteCronJob(
      deps.client,
      feed,
      deps.cronJobs.get(`${feed.metadata.namespace}/${cronJobName(feed.metadata.name)}`),
    )
  ) {
    wrote.push('cronjob');
    deps.recorder.event(
      feed,
      'Normal',
      'CronJobDeleted',
      'Deleted the CronJob: the ingest worker pool fetches this feed',
    );
  }
  const suspended = feed.spec.suspend === true;
  if (suspended) await queue.purge(feed.metadata.uid ?? '');
  else {
    const due = deps.startRuns === false ? [] : dueFetches(feed, now);
    if (due.length > 0) {
      await publishDue(deps.client, queue, feed, due);
      wrote.push('job');
    }
  }
  const next = suspended ? null : pooledNextFetch(schedule, now, feed.status?.dueTime);
  const message = suspended
    ? 'Suspended: the ingest worker pool does not fetch this feed'
    : rounded
      ? roundedMessage(feed, schedule)
      : `The ingest worker pool fetches on schedule "${schedule}"`;
  const ready = condition(
    feed,
    now,
    'Ready',
    'True',
    suspended ? 'Suspended' : rounded ? 'IntervalRounded' : 'Scheduled',
    message,
  );
  const healthy = findCondition(feed.status?.conditions, 'Healthy');
  const status: OwnStatus = {
    observedGeneration: feed.metadata.generation ?? 0,
    schedule,
    ...(next ? { nextFetchTime: isoSeconds(next) } : {}),
    summary: feedSummary({ deleting: false, suspended, conditions: healthy ? [ready, healthy] : [ready] }),
    conditions: withRules(feed, now, deps.recorder, ready),
  };
  if (await writeStatusIfChanged(deps.client, feed, status)) wrote.push('status');
  return next ? { wrote, requeueAfterMs: Math.max(1000, next.getTime() - now.getTime() + 1000) } : { wrote };
}

/** Ready plus RulesValid from checkRules; a Warning event when it turns False or its message changes. */
function withRules(
  feed: Feed,
  now: Date,
  recorder: ReconcileDeps['recorder'],
  ready: FeedCondition,
): FeedCondition[] {
  const check = checkRules(feed.spec);
  if (!check) return [ready];
  const before = findCondition(feed.status?.conditions, 'RulesValid');
  if (check.status === 'False' && before?.message !== check.message)
    recorder.event(feed, 'Warning', check.reason, check.message);
  return [ready, condition(feed, now, 'RulesValid', check.status, check.reason, check.message)];
}

function roundedMessage(feed: Feed, schedule: string): string {
  return `interval ${feed.spec.interval} cannot be kept exactly by a cron schedule: fetching on "${schedule}" (the nearest shorter period); set an interval that divides the hour or the day, or spec.schedule`;
}

function runMessage(plan: RunPlan): string {
  if (plan.reason === 'initial') return `Started job ${plan.name}: first fetch of a new feed`;
  if (plan.reason === 'url-changed') return `Started job ${plan.name}: spec.url changed`;
  return `Started job ${plan.name}: retry ${plan.attempt} of a run that failed`;
}

/** Creates the run's Job from the CronJob; false when it exists already (a stale cache's repeat). */
async function startRun(client: KubeClient, cronJob: CronJob, plan: RunPlan): Promise<boolean> {
  const job = jobFromCronJob(cronJob, {
    name: plan.name,
    ...(plan.force ? { extraArgs: ['--force'] } : {}),
  });
  const annotations = job.metadata.annotations ?? (job.metadata.annotations = {});
  annotations[RUN_REASON_ANNOTATION] = plan.reason;
  if (plan.attempt) annotations[RUN_ATTEMPT_ANNOTATION] = String(plan.attempt);
  try {
    await createObject(client, resources.jobs, job);
    return true;
  } catch (err) {
    if (isConflict(err)) return false;
    throw err;
  }
}

function condition(
  feed: Feed,
  now: Date,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
): FeedCondition {
  const generation = feed.metadata.generation ?? 0;
  return setCondition(
    feed.status?.conditions,
    { type, status, reason, message, observedGeneration: generation },
    now,
  ).find((x) => x.type === type) as FeedCondition;
}

function keepCondition(feed: Feed, type: string): FeedCondition[] {
  const c = findCondition(feed.status?.conditions, type);
  return c ? [c] : [];
}

function ownFields(cur: FeedStatus | undefined): Omit<OwnStatus, 'conditions'> {
  return Object.fromEntries(
    (['observedGeneration', 'cronJobName', 'schedule', 'nextFetchTime', 'summary'] as const)
      .filter((k) => cur?.[k] !== undefined)
      .map((k) => [k, cur?.[k]]),
  );
}

function sameCondition(a: FeedCondition | undefined, b: FeedCondition | undefined): boolean {
  return (
    a?.status === b?.status &&
    a?.reason === b?.reason &&
    a?.message === b?.message &&
    a?.observedGeneration === b?.observedGeneration
  );
}

async function writeStatusIfChanged(client: KubeClient, feed: Feed, status: OwnStatus): Promise<boolean> {
  const cur = feed.status ?? {};
  const same =
    cur.observedGeneration === status.observedGeneration &&
    cur.cronJobName === status.cronJobName &&
    cur.schedule === status.schedule &&
    cur.nextFetchTime === status.nextFetchTime &&
    cur.summary === status.summary &&
    status.conditions.every((c) => sameCondition(findCondition(cur.conditions, c.type), c));
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
