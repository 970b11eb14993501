/**
 * A Feed's runs as the operator sees them on Kubernetes (pure): its Jobs (created by the CronJob,
 * by `feed run`, or by the operator itself), what a failed Job says, and which run the operator
 * starts now — the first fetch of a new Feed or of a changed URL, and retries with backoff of a run
 * that failed before it could report (NATS down, a crash, the deadline): such a run sends no
 * feed.fetched outcome, so the Job is the only witness.
 */
import { createHash } from 'node:crypto';
import type { FeedFetchedData } from '@tributary/events';
import type { Job, KubeObject } from '@tributary/k8s';
import type { Feed, FeedStatus } from '@tributary/feed-api';
import { isFinished, succeeded } from './job-status.ts';

/** Why the operator started a Job (absent on Jobs the CronJob or `feed run` created). */
export const RUN_REASON_ANNOTATION = 'tributary.dev/run-reason';
/** Retry number of an operator retry Job (1, 2, …); the chain restarts with every other Job. */
export const RUN_ATTEMPT_ANNOTATION = 'tributary.dev/attempt';

export type RunReason = 'initial' | 'url-changed' | 'retry';

export const RETRY_POLICY = {
  /** First retry this long after the failure, doubling per attempt… */
  baseMs: 30_000,
  /** …up to this gap… */
  maxMs: 15 * 60_000,
  /** …and at most this many retries per chain (~1 h of retries); the schedule goes on after. */
  maxAttempts: 8,
} as const;

/** A Job's name for an operator-started run: deterministic, so a stale cache re-creating it gets 409. */
export function runJobName(cronJobName: string, reason: RunReason, seed: string): string {
  const suffix = `${reason === 'retry' ? 'retry' : 'run'}-${createHash('sha256').update(seed).digest('hex').slice(0, 8)}`;
  return `${cronJobName.slice(0, 63 - suffix.length - 1).replace(/[-.]+$/, '')}-${suffix}`;
}

function created(j: KubeObject): number {
  return Date.parse(j.metadata.creationTimestamp ?? '') || 0;
}

/** Newest first (creation time, then name for a stable order within a second). */
export function newestFirst(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => created(b) - created(a) || (a.metadata.name < b.metadata.name ? 1 : -1));
}

/** When a finished Job finished: its Complete/Failed condition, else completionTime. */
export function finishedAt(job: Job): string | undefined {
  const c = (job.status?.conditions ?? []).find(
    (x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True',
  );
  return c?.lastTransitionTime ?? job.status?.completionTime;
}

export function failed(job: Job): boolean {
  return isFinished(job) && !succeeded(job);
}

function attempt(job: Job): number {
  const n = Number(job.metadata.annotations?.[RUN_ATTEMPT_ANNOTATION] ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The spec.url a Job fetches (from its TRIBUTARY_FEED env), if readable. */
export function jobFeedUrl(job: Job): string | undefined {
  for (const c of job.spec.template.spec.containers) {
    const v = c.env?.find((e) => e.name === 'TRIBUTARY_FEED')?.value;
    if (!v) continue;
    try {
      return (JSON.parse(v) as { spec?: { url?: string } }).spec?.url;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface RunPlan {
  reason: RunReason;
  name: string;
  /** Create the Job at this time (now or later: requeue until then). */
  at: Date;
  /** Retry number (retries only). */
  attempt?: number;
  /** --force: fetch even if the ingestor's state says not due (a new URL must not wait). */
  force: boolean;
}

/** The delay before retry number `n` (1-based). */
export function retryDelayMs(n: number): number {
  return Math.min(RETRY_POLICY.maxMs, RETRY_POLICY.baseMs * 2 ** (n - 1));
}

/**
 * The run the operator should start for `feed`, or null. One Job at a time (like the CronJob's
 * concurrencyPolicy Forbid): nothing while a Job is active. Then, in order:
 *  - a new Feed (never fetched, no Job yet): fetch once now instead of waiting for the first tick;
 *  - the newest Job fetched another URL than spec.url: fetch the new URL now;
 *  - the newest Job failed: retry after a doubling backoff, unless the next schedule tick comes
 *    first (the tick is the retry) or the chain ran out of attempts.
 */
export function planRun(o: {
  feed: Feed;
  cronJobName: string;
  jobs: readonly Job[];
  now: Date;
  nextTick: Date | null;
}): RunPlan | null {
  const { feed, cronJobName, now } = o;
  if (feed.spec.suspend) return null;
  const jobs = newestFirst(o.jobs);
  if (jobs.some((j) => !isFinished(j))) return null;
  const uid = feed.metadata.uid ?? '';
  const newest = jobs[0];
  if (!newest) {
    if (feed.status?.lastFetchTime) return null;
    return {
      reason: 'initial',
      name: runJobName(cronJobName, 'initial', `${uid}:initial`),
      at: now,
      force: true,
    };
  }
  const url = jobFeedUrl(newest);
  if (url !== undefined && url !== feed.spec.url) {
    return {
      reason: 'url-changed',
      name: runJobName(
        cronJobName,
        'url-changed',
        `${uid}:${feed.spec.url}:${feed.metadata.generation ?? 0}`,
      ),
      at: now,
      force: true,
    };
  }
  if (!failed(newest)) return null;
  const n = attempt(newest) + 1;
  if (n > RETRY_POLICY.maxAttempts) return null;
  const at = new Date(Date.parse(finishedAt(newest) ?? '') + retryDelayMs(n));
  if (Number.isNaN(at.getTime())) return null;
  if (o.nextTick && o.nextTick.getTime() <= at.getTime()) return null;
  return {
    reason: 'retry',
    name: runJobName(cronJobName, 'retry', newest.metadata.uid ?? newest.metadata.name),
    at,
    attempt: n,
    force: false,
  };
}

/** The part of a pod the operator reads: each container's last termination. */
export interface PodTermination {
  status?: {
    containerStatuses?: {
      name: string;
      state?: { terminated?: { exitCode?: number; reason?: string; message?: string } };
      lastState?: { terminated?: { exitCode?: number; reason?: string; message?: string } };
    }[];
  };
}

/**
 * One line from a container's termination message. With terminationMessagePolicy
 * FallbackToLogsOnError a failed container's message is its log tail; the ingestor logs JSON
 * lines (`{"level":"error","message":"cannot connect to NATS","error":"…"}`), so the last error
 * line becomes `cannot connect to NATS: …`. Plain text: the last line as it is.
 */
export function messageLine(message: string | undefined): string | undefined {
  const lines = (message ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return undefined;
  const parsed = lines.map((l) => ({ raw: l, json: parseJsonLine(l) }));
  // The last error line says why (a later info line, e.g. a shutdown notice, does not).
  const pick = parsed.findLast((p) => p.json?.level === 'error') ?? (parsed.at(-1) as (typeof parsed)[0]);
  const j = pick.json;
  const text = typeof j?.message === 'string' ? j.message : typeof j?.msg === 'string' ? j.msg : '';
  const err = typeof j?.error === 'string' ? j.error : '';
  const line = [text, err].filter(Boolean).join(': ') || pick.raw;
  return line.slice(0, 1000);
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a failed Job failed: the newest readable container termination, else its Failed condition. */
export function failureText(job: Job, pods: readonly PodTermination[]): string {
  for (const p of pods) {
    for (const c of p.status?.containerStatuses ?? []) {
      const t = c.state?.terminated ?? c.lastState?.terminated;
      if (!t || t.exitCode === 0) continue;
      const line = messageLine(t.message);
      const code = `exit code ${t.exitCode ?? '?'}${t.reason && t.reason !== 'Error' ? `, ${t.reason}` : ''}`;
      return line ? `${line} (${code})` : `container ${c.name} failed (${code})`;
    }
  }
  const cond = (job.status?.conditions ?? []).find((c) => c.type === 'Failed' && c.status === 'True');
  return [cond?.reason, cond?.message].filter(Boolean).join(': ') || 'job failed';
}

/** Whether the Feed status already covers this failure (a later fetch or this failure recorded). */
export function failureRecorded(status: FeedStatus | undefined, job: Job): boolean {
  const at = Date.parse(finishedAt(job) ?? '');
  const last = Date.parse(status?.lastFetchTime ?? '');
  return !Number.isNaN(last) && !(at > last);
}

/**
 * A failed Job as a feed.fetched outcome, so the status fold treats it like any failed fetch:
 * Healthy=False, lastError, consecutiveFailures + 1 (the ingestor's own count replaces it once a
 * run reports again).
 */
export function runFailureOutcome(feed: Feed, job: Job, text: string): FeedFetchedData {
  const end = finishedAt(job) ?? new Date(0).toISOString();
  const start = job.status?.startTime ?? end;
  return {
    feed: {
      uid: feed.metadata.uid ?? '',
      namespace: feed.metadata.namespace ?? 'default',
      name: feed.metadata.name,
      url: feed.spec.url,
    },
    startedAt: start,
    finishedAt: end,
    durationMs: Math.max(0, Date.parse(end) - Date.parse(start)) || 0,
    outcome: 'failed',
    httpStatus: null,
    bytes: 0,
    itemsSeen: 0,
    itemsPublished: 0,
    lastItemTime: null,
    errorClass: 'RunFailed',
    errorMessage: `job ${job.metadata.name}: ${text}`,
    effectiveUrl: null,
    consecutiveFailures: (feed.status?.consecutiveFailures ?? 0) + 1,
    nextFetchAt: null,
    retryAfter: null,
    hubs: [],
  };
}
