/** Names shared by the operator, the runner and the API for Feed-owned objects. */
import type { ResourceRef } from '../resource.ts';
import { FEED_GROUP, FEED_PLURAL, FEED_VERSION } from './types.ts';

export const feedResource: ResourceRef = {
  group: FEED_GROUP,
  version: FEED_VERSION,
  plural: FEED_PLURAL,
  namespaced: true,
};
export const FEED_FINALIZER = 'tributary.dev/cleanup';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'tributary-operator';
export const FEED_LABEL = 'tributary.dev/feed';
/** Server-side apply field manager of the operator. */
export const FIELD_MANAGER = 'tributary-operator';
