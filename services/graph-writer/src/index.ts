export { runGraphWorker, GRAPH_DURABLES } from './worker.ts';
export type { GraphWorkerOptions } from './worker.ts';
export { graphHandlers } from './handlers.ts';
export { graphWorkerSettings, GRAPH_WORKER_DEFAULTS } from './config.ts';
export type { WorkerSettings } from './config.ts';
