export { runStoreWorker, STORE_CONSUMER } from './worker.ts';
export type { StoreWorkerOptions } from './worker.ts';
export { writeItems, writeFeeds, inTransaction } from './writer.ts';
export type { Sql, ItemsWriteResult, FeedsWriteResult } from './writer.ts';
export { planItems, planFeeds } from './plan.ts';
export { storeWorkerSettings, STORE_WORKER_DEFAULTS } from './config.ts';
export { inOrder } from './in-order.ts';
