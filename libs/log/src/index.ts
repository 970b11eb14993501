export { createLogger, logger } from './logger.ts';
export type { Logger } from './logger.ts';
export { withLogContext, logContext } from './context.ts';
export type { LogContext } from './context.ts';
