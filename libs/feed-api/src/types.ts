/** Feed API types, derived from the schema in `schema.ts` (never hand-kept alongside it). */
import type { FromSchema } from 'json-schema-to-ts';
import type { conditionSchema, feedSpecSchema, feedStatusSchema } from './schema.ts';
import type { feedRuleSchema } from './rules-schema.ts';

export const FEED_GROUP = 'tributary.dev';
export const FEED_VERSION = 'v1alpha1';
export const FEED_PLURAL = 'feeds';
export const FEED_KIND = 'Feed';
export const FEED_API_VERSION = `${FEED_GROUP}/${FEED_VERSION}`;

// Defaulted fields stay optional: objects written by users/tests omit them; the apiserver fills them in.
type Opts = { keepDefaultedPropertiesOptional: true };
export type FeedSpec = FromSchema<typeof feedSpecSchema, Opts>;
export type FeedStatus = FromSchema<typeof feedStatusSchema, Opts>;
export type FeedCondition = FromSchema<typeof conditionSchema, Opts>;
export type FeedRule = FromSchema<typeof feedRuleSchema, Opts>;

/** The metadata fields the operator and API read; the apiserver fills in the rest. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface Feed {
  apiVersion: typeof FEED_API_VERSION;
  kind: typeof FEED_KIND;
  metadata: ObjectMeta;
  spec: FeedSpec;
  status?: FeedStatus;
}
