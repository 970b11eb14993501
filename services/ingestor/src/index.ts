export { runIngest } from './run.ts';
export type { IngestDeps, IngestReport } from './run.ts';
export { ingestConfigFromEnv, INGEST_DEFAULTS } from './config.ts';
export type { FeedRef, IngestConfig } from './config.ts';
export { applyAttempt, decideRun, initialState, newOrChanged, stateFor, itemDigest } from './state.ts';
export type { Attempt, FeedFetchState, SkipReason, Transition } from './state.ts';
export {
  feedKey,
  hostKey,
  readState,
  writeState,
  updateState,
  StateConflictError,
  fetchStateBucket,
  openFetchStateKv,
} from './state-store.ts';
export { publishBounded } from './publish.ts';
export { runIngestWorker } from './worker.ts';
export type { IngestWorkerOptions, IngestWorkerStats } from './worker.ts';
export { openHostSlots } from './host-slots.ts';
export { INGEST_WORKER_DEFAULTS, ingestWorkerSettings } from './config.ts';
export { applyFeedRules } from './rules.ts';
export type { RuleOutcome } from './rules.ts';
