export { startOperator, applyFeedCrd } from './operator.ts';
export type { OperatorHandle, StartOperatorOptions } from './operator.ts';
export { operatorConfigFromEnv, DEFAULTS as OPERATOR_DEFAULTS, ConfigError } from './config.ts';
export type { OperatorConfig, IngestSettings } from './config.ts';
export { waitForJob } from './feed/run.ts';
export { desiredCronJob } from './feed/desired.ts';
export { intervalToCron, nextFireTime, effectiveSchedule } from './feed/schedule.ts';
export { operatorClusterRoleRules, operatorClusterRole } from './rbac.ts';
export type { PolicyRule } from './rbac.ts';
