/**
 * Folds `feed.fetched` outcomes into the Feed status fields the status writer owns (pure).
 * Events at or before the stored lastFetchTime are ignored, so a redelivered batch is a no-op
 * (runs of one feed are sequential: the CronJob has concurrencyPolicy Forbid).
 */
import type { FeedFetchedData } from '@tributary/events';
import type { FeedCondition, FeedStatus } from '@tributary/feed-api';
import { findCondition, setCondition } from '../feed/conditions.ts';

/** The status fields written from fetch outcomes (field manager tributary-operator-status). */
export type FetchStatus = Pick<
  FeedStatus,
  | 'lastFetchTime'
  | 'lastSuccessTime'
  | 'consecutiveFailures'
  | 'lastError'
  | 'itemCount'
  | 'lastItemTime'
  | 'effectiveURL'
  | 'dueTime'
> & { conditions: FeedCondition[] };

export interface FoldResult {
  status: FetchStatus;
  /** Failures among the new outcomes, for Warning events. */
  failures: FeedFetchedData[];
  /** Whether any new outcome was applied. */
  changed: boolean;
}

const SUCCESS = new Set(['updated', 'not-modified', 'unchanged']);

function later(a: string | null | undefined, b: string | null | undefined): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** Second precision, like every metav1.Time. */
function seconds(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function errorText(d: FeedFetchedData): string {
  const msg = [d.errorClass, d.errorMessage].filter(Boolean).join(': ') || `fetch ${d.outcome}`;
  return d.httpStatus ? `${msg} (HTTP ${d.httpStatus})` : msg;
}

/** FeedGone, RunFailed (a Job that failed before it could report) or FetchFailed. */
export function failureReason(e: FeedFetchedData): 'FeedGone' | 'RunFailed' | 'FetchFailed' {
  if (e.outcome === 'gone') return 'FeedGone';
  return e.errorClass === 'RunFailed' ? 'RunFailed' : 'FetchFailed';
}

export function foldOutcomes(
  current: FeedStatus | undefined,
  events: FeedFetchedData[],
  generation: number,
  now: Date,
): FoldResult {
  const cur = current ?? {};
  const status: FetchStatus = {
    ...(cur.lastFetchTime ? { lastFetchTime: cur.lastFetchTime } : {}),
    ...(cur.lastSuccessTime ? { lastSuccessTime: cur.lastSuccessTime } : {}),
    consecutiveFailures: cur.consecutiveFailures ?? 0,
    ...(cur.lastError !== undefined ? { lastError: cur.lastError } : {}),
    itemCount: cur.itemCount ?? 0,
    ...(cur.lastItemTime ? { lastItemTime: cur.lastItemTime } : {}),
    ...(cur.effectiveURL ? { effectiveURL: cur.effectiveURL } : {}),
    ...(cur.dueTime ? { dueTime: cur.dueTime } : {}),
    conditions: [],
  };
  let healthy = findCondition(cur.conditions, 'Healthy');
  const failures: FeedFetchedData[] = [];
  let changed = false;
  const since = cur.lastFetchTime ? Date.parse(cur.lastFetchTime) : -Infinity;
  const fresh = events
    .filter((e) => Date.parse(seconds(e.finishedAt)) > since)
    .sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
  // The ingestor's due time comes with every outcome, a skipped run's too: the newest one stands
  // (the reconciler turns it into the one nextFetchTime). A run failure seen only on its Job
  // carries none and keeps the last known one.
  for (const e of fresh) {
    if (!e.nextFetchAt) continue;
    const due = seconds(e.nextFetchAt);
    if (status.dueTime !== due) {
      status.dueTime = due;
      changed = true;
    }
  }
  const ordered = fresh.filter((e) => e.outcome !== 'skipped');
  for (const e of ordered) {
    changed = true;
    const at = seconds(e.finishedAt);
    status.lastFetchTime = at;
    status.itemCount = (status.itemCount ?? 0) + e.itemsPublished;
    const itemTime = later(status.lastItemTime, e.lastItemTime ? seconds(e.lastItemTime) : null);
    if (itemTime) status.lastItemTime = itemTime;
    if (e.effectiveUrl && e.effectiveUrl !== e.feed.url) status.effectiveURL = e.effectiveUrl;
    else if (e.effectiveUrl === e.feed.url) delete status.effectiveURL;
    status.consecutiveFailures = e.consecutiveFailures;
    let cond: Omit<FeedCondition, 'lastTransitionTime'>;
    if (SUCCESS.has(e.outcome)) {
      status.lastSuccessTime = at;
      status.lastError = '';
      status.consecutiveFailures = 0;
      const what =
        e.outcome === 'updated' ? `${e.itemsPublished} new or changed items` : `no changes (${e.outcome})`;
      cond = {
        type: 'Healthy',
        status: 'True',
        reason: 'FetchSucceeded',
        message: `Last fetch succeeded: ${what}`,
        observedGeneration: generation,
      };
    } else {
      failures.push(e);
      status.lastError = errorText(e);
      const reason = failureReason(e);
      // No time here: status.nextFetchTime is the one next attempt (backoff included).
      cond = {
        type: 'Healthy',
        status: 'False',
        reason,
        message: `${e.consecutiveFailures} consecutive failure(s): ${status.lastError}; next attempt at status.nextFetchTime`,
        observedGeneration: generation,
      };
    }
    healthy = setCondition(
      healthy ? [healthy] : [],
      cond,
      new Date(Math.max(now.getTime(), Date.parse(at))),
    )[0];
  }
  if (healthy) status.conditions = [healthy];
  return { status, failures, changed };
}
