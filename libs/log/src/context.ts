import { AsyncLocalStorage } from 'node:async_hooks';

/** Correlation fields stamped on every log line written inside a context. */
export interface LogContext {
  requestId?: string;
  traceId?: string;
  spanId?: string;
  [key: string]: unknown;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` merged into the current log context (nested contexts inherit). */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

export function logContext(): LogContext | undefined {
  return storage.getStore();
}
