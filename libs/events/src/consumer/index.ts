export { runConsumer } from './runner.ts';
export type {
  RunConsumerOptions,
  ConsumedEvent,
  BatchHandler,
  BatchResult,
  ConsumerRunStats,
} from './runner.ts';
export { CONSUMER_DEFAULTS } from './defaults.ts';
export { consumerMetrics } from './metrics.ts';
export type { ConsumerMetrics } from './metrics.ts';
export { captureMaxDeliveries, publishDeadLetter, DLQ_HEADERS } from './dlq.ts';
export type { DeadLetter, MaxDeliveriesAdvisory, AdvisoryCapture } from './dlq.ts';
export { classifyError, decideFailure, isTransientError, nakDelay } from './policy.ts';
export type { ErrorClass, FailureAction, FailurePolicy } from './policy.ts';
export { DependencyGate } from './gate.ts';
export type { DependencyGateOptions } from './gate.ts';
