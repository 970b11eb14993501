/** Names shared by the operator, the runner and the API for Feed-owned objects. */
import { createHash } from 'node:crypto';
import type { ResourceRef } from '@tributary/k8s';
import { FEED_GROUP, FEED_PLURAL, FEED_VERSION } from './types.ts';

export const feedResource: ResourceRef = {
  group: FEED_GROUP,
  version: FEED_VERSION,
  plural: FEED_PLURAL,
  namespaced: true,
};
export const FEED_FINALIZER = 'tributary.dev/cleanup';
/** Set by `tributary feed run` / the API on a pooled Feed; the operator publishes a forced fetch and removes it. */
export const RUN_REQUESTED_ANNOTATION = 'tributary.dev/run-requested';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'tributary-operator';
export const FEED_LABEL = 'tributary.dev/feed';
/** Server-side apply field manager of the operator. */
export const FIELD_MANAGER = 'tributary-operator';

/** CronJob names are limited to 52 characters (the controller appends an 11-character suffix). */
const CRONJOB_NAME_MAX = 52;

/** `feed-<name>`, shortened with a hash suffix when it would exceed 52 characters. */
export function cronJobName(feedName: string): string {
  const full = `feed-${feedName}`;
  if (full.length <= CRONJOB_NAME_MAX) return full;
  const hash = createHash('sha256').update(feedName).digest('hex').slice(0, 8);
  return `${full.slice(0, CRONJOB_NAME_MAX - hash.length - 1).replace(/[-.]+$/, '')}-${hash}`;
}
