/** The Feed API (`tributary.dev/v1alpha1`): schema, derived types, names, and the "run a Feed now" call. */
export { feedCrd, FEED_CRD_NAME } from './crd.ts';
export { feedSchema, feedSpecSchema, feedStatusSchema, conditionSchema } from './schema.ts';
export { CRON_PATTERN, CRON_MACROS } from './cron-pattern.ts';
export { FEED_GROUP, FEED_VERSION, FEED_PLURAL, FEED_KIND, FEED_API_VERSION } from './types.ts';
export { feedRuleSchema, feedRulesSchema, RULE_ACTIONS, RULE_FIELDS } from './rules-schema.ts';
export type {
  Feed,
  FeedRule,
  FeedSpec,
  FeedStatus,
  FeedCondition,
  ObjectMeta,
  OwnerReference,
} from './types.ts';
export {
  feedResource,
  cronJobName,
  FEED_FINALIZER,
  RUN_REQUESTED_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY,
  FEED_LABEL,
  FIELD_MANAGER,
} from './labels.ts';
export {
  EXACT_INTERVAL_MINUTES,
  EXACT_INTERVALS_TEXT,
  EXACT_INTERVAL_RULE,
  intervalLabel,
} from './intervals.ts';
export { triggerFeedRun, FeedRunError } from './run.ts';
export type { FeedRun, FeedRunErrorCode } from './run.ts';
