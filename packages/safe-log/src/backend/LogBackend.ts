import type { LogLevel } from '../logger/LogLevel.js';

/**
 * One log line as a backend sees it: captured on the calling path, redacted off it. Every
 * value is plain JSON-able data owned by the logger (the caller's objects were copied when the
 * line was logged), so a backend may read and even keep it.
 */
export interface LogEntry {
  readonly level: LogLevel;
  /** When the line was logged, in milliseconds on the logger's clock (not when it is formatted). */
  readonly time: number;
  /** The redacted message. */
  readonly message: string;
  /** The redacted fields: `defaultMeta`, then the `context` provider's, then the call's metadata. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Turns log entries into text lines, off the calling path, in batches. The safe logger owns
 * everything around it (level check, capture, redaction, the bounded queue, sinks, fallback
 * and drop counting), so a backend only formats. `winstonBackend()` is the default;
 * `pinoBackend()` comes from `@ballast/safe-log/pino`.
 *
 * @example
 * ```ts
 * const tsv: LogBackend = {
 *   name: 'tsv',
 *   format: (entry) => `${new Date(entry.time).toISOString()}\t${entry.level}\t${entry.message}\n`,
 * };
 * const logger = createSafeLogger({ backend: tsv });
 * ```
 */
export interface LogBackend {
  /** Short name for messages (`winston`, `pino`). */
  readonly name: string;
  /**
   * The line for `entry`, ending with its newline, or undefined to leave the entry out (a
   * winston format that filters it). May throw: the logger then writes a plain JSON line with
   * `formatError` and counts it in `formatErrors`.
   */
  format(entry: LogEntry): string | undefined;
}
