import winston from 'winston';
import { logContext } from './context.ts';

export type Logger = winston.Logger;

/** Adds the AsyncLocalStorage context (request id, trace id) to each entry. */
const contextFormat = winston.format((info) => {
  const ctx = logContext();
  return ctx ? Object.assign(info, ctx, { ...info }) : info;
});

/**
 * A structured JSON logger for one component. Level from LOG_LEVEL (default info); LOG_FORMAT=pretty
 * gives colourless single-line text for humans at a terminal.
 */
export function createLogger(component: string): Logger {
  const pretty = process.env.LOG_FORMAT === 'pretty';
  return winston.createLogger({
    level: process.env.LOG_LEVEL ?? 'info',
    defaultMeta: { component },
    format: winston.format.combine(
      contextFormat(),
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      pretty
        ? winston.format.printf(({ timestamp, level, message, component: c, ...rest }) => {
            const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
            return `${String(timestamp)} ${level} [${String(c)}] ${String(message)}${extra}`;
          })
        : winston.format.json(),
    ),
    // Logs go to stderr so that commands printing results (feed parse --json, stats --json) keep a clean stdout.
    transports: [
      new winston.transports.Console({
        stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'],
      }),
    ],
  });
}

/** The default process logger. */
export const logger: Logger = createLogger(process.env.TRIBUTARY_COMPONENT ?? 'tributary');
