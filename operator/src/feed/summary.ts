/** The one-word `status.summary` that `kubectl get feeds` shows (pure; docs/feeds.md). */
import type { FeedCondition } from '@tributary/feed-api';
import { findCondition } from './conditions.ts';

export type FeedSummary =
  'Pending' | 'Healthy' | 'Failing' | 'Gone' | 'Suspended' | 'InvalidSpec' | 'Deleting';

/**
 * Worst first: a Feed being deleted, a spec the operator cannot run, a paused feed, then the last
 * run's health (a failing fetch or a run that could not report), else Healthy once a fetch worked.
 */
export function feedSummary(o: {
  deleting: boolean;
  suspended: boolean;
  conditions: readonly FeedCondition[] | undefined;
}): FeedSummary {
  if (o.deleting) return 'Deleting';
  const ready = findCondition(o.conditions, 'Ready');
  if (ready?.status === 'False') return 'InvalidSpec';
  if (o.suspended) return 'Suspended';
  const healthy = findCondition(o.conditions, 'Healthy');
  if (healthy?.status === 'False') return healthy.reason === 'FeedGone' ? 'Gone' : 'Failing';
  if (healthy?.status === 'True') return 'Healthy';
  return 'Pending';
}
