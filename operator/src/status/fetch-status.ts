/**
 * The fetch-outcome half of Feed status, applied as its own field manager: outcomes from the
 * FEEDS stream (status/writer.ts) and runs that failed before they could report (the reconciler
 * reads their Jobs) go through the same fold, so both look alike on the Feed.
 */
import type { FeedFetchedData } from '@tributary/events';
import type { EventRecorder, KubeClient } from '@tributary/k8s';
import type { Feed } from '@tributary/feed-api';
import { applyStatus } from '@tributary/k8s';
import { feedResource, FIELD_MANAGER } from '@tributary/feed-api';
import { errorText, failureReason, foldOutcomes } from './outcome.ts';
import type { FetchStatus } from './outcome.ts';
import { recordFailures } from './failures-metric.ts';
import type { FailuresGauge } from './failures-metric.ts';

export const STATUS_FIELD_MANAGER = `${FIELD_MANAGER}-status`;

export interface FetchStatusDeps {
  client: KubeClient;
  feeds: { get(key: string): Feed | undefined };
  recorder: Pick<EventRecorder, 'event'>;
  now?(): Date;
  /** tributary_feed_consecutive_failures (the Helm chart's feed-failing alert). */
  failures?: FailuresGauge;
}

/** Writes the folded status of one feed; returns it, or undefined when the feed is gone or nothing changed. */
export async function writeFetchStatus(
  deps: FetchStatusDeps,
  key: string,
  uid: string,
  events: FeedFetchedData[],
): Promise<FetchStatus | undefined> {
  const feed = deps.feeds.get(key);
  // A deleted (or deleted and re-created) feed: its outcomes no longer apply.
  if (!feed || feed.metadata.uid !== uid) return undefined;
  const { status, failures, changed } = foldOutcomes(
    feed.status,
    events,
    feed.metadata.generation ?? 0,
    deps.now?.() ?? new Date(),
  );
  if (deps.failures) recordFailures(deps.failures, key, status.consecutiveFailures ?? 0);
  if (!changed) return undefined;
  await applyStatus(deps.client, feedResource, feed, status, STATUS_FIELD_MANAGER);
  for (const f of failures) {
    deps.recorder.event(feed, 'Warning', failureReason(f), errorText(f));
  }
  return status;
}
