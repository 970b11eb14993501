/** @tributary/worker — the process lifecycle every `tributary worker …` role shares (probes, NATS, SIGTERM). */
export { runWorkerProcess } from './process.ts';
export type { WorkerContext, WorkerProcessOptions } from './process.ts';
