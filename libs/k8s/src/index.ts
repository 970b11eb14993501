// Generic controller primitives; they know nothing about feeds (the Feed API is @tributary/feed-api).
export { KubeClient } from './client.ts';
export type { Verb, RequestOptions, WatchEvent, ResponseHook } from './client.ts';
export { ApiError, isApiError, isNotFound, isConflict, isGone } from './errors.ts';
export { resources, resourcePath, apiVersionOf, objectKey, splitKey } from './resource.ts';
export type { ResourceRef } from './resource.ts';
export {
  listAll,
  getObject,
  getIfExists,
  createObject,
  applyObject,
  applyStatus,
  mergePatch,
  jsonPatch,
  deleteObject,
} from './objects.ts';
export type { KubeObject, ObjectList, ListOptions, ApplyOptions } from './objects.ts';
export { Informer } from './informer.ts';
export type { InformerHandlers, InformerOptions, RestartReason } from './informer.ts';
export { WorkQueue } from './workqueue.ts';
export type { QueueMetrics } from './workqueue.ts';
export {
  exponentialFailureLimiter,
  tokenBucketLimiter,
  maxOfLimiters,
  defaultControllerRateLimiter,
} from './ratelimit.ts';
export type { RateLimiter } from './ratelimit.ts';
export { exponentialBackoff, sleep } from './backoff.ts';
export type { Backoff } from './backoff.ts';
export { LeaderElector, canAcquire } from './leader.ts';
export type { LeaderElectorOptions, LeaseSpec } from './leader.ts';
export { EventRecorder, EventAggregator } from './events.ts';
export type { EventType, InvolvedObject, AggregateDecision } from './events.ts';
export { createControllerMetrics } from './metrics.ts';
export type { ControllerMetrics } from './metrics.ts';
export { containsDesired } from './compare.ts';
export { jobFromCronJob, CREATED_BY_ANNOTATION } from './workloads.ts';
export type { CronJob, CronJobSpec, Job, JobSpec, JobStatus, PodTemplate } from './workloads.ts';
export {
  clusterAuthFromEnvironment,
  kubeconfigAuth,
  inClusterAuth,
  kubeConfigAuth,
  KubeconfigError,
} from './kubeconfig.ts';
export type { ClusterAuth } from './kubeconfig.ts';
