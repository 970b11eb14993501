/** Status conditions per Kubernetes API conventions (pure). */
import type { FeedCondition } from '@tributary/feed-api';

export type ConditionInput = Omit<FeedCondition, 'lastTransitionTime'>;

/**
 * Returns `conditions` with `next` set: lastTransitionTime moves only when the status changes,
 * so rewriting the same reason/message is not a transition.
 */
export function setCondition(
  conditions: readonly FeedCondition[] | undefined,
  next: ConditionInput,
  now: Date,
): FeedCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const merged: FeedCondition = {
    ...next,
    lastTransitionTime: prev && prev.status === next.status ? prev.lastTransitionTime : isoSeconds(now),
  };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

export function findCondition(
  conditions: readonly FeedCondition[] | undefined,
  type: string,
): FeedCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Condition times are RFC 3339 with second precision (metav1.Time). */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
