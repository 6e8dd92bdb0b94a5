/** Severity of a log line, npm-style (lower is more severe). */
export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silly';

/** Numeric severities, the same as winston's npm levels. */
export const LOG_LEVELS: Readonly<Record<LogLevel, number>> = Object.freeze({
  error: 0,
  warn: 1,
  info: 2,
  http: 3,
  verbose: 4,
  debug: 5,
  silly: 6,
});

/** The level names, most severe first. */
export const LOG_LEVEL_NAMES = Object.freeze(Object.keys(LOG_LEVELS) as LogLevel[]);

/** True when `value` names a {@link LogLevel}. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOG_LEVELS, value);
}
