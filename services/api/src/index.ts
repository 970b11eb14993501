export { createApiApp } from './app.ts';
export type { ApiAppDeps } from './app.ts';
export { startApi } from './server.ts';
export type { ApiServer, StartOptions } from './server.ts';
export { apiConfigFromEnv, API_DEFAULTS } from './config.ts';
export type { ApiConfig } from './config.ts';
export { loadSpec, operations, SPEC_PATH } from './spec.ts';
export type { OperationInfo } from './spec.ts';
