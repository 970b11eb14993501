// The operator's surface for other packages: starting it (tests, benchmarks) and applying the CRD
// (the pipeline E2E). The command is `./cli`; the Feed API itself is @tributary/feed-api.
export { startOperator, applyFeedCrd } from './operator.ts';
export type { OperatorHandle, StartOperatorOptions } from './operator.ts';
