import type { Runtime } from '@ballast/core';
import type { Writable } from 'node:stream';
import type { AlertDeduper } from '../alerts/AlertDeduper.js';
import type { LogBackend } from '../backend/LogBackend.js';
import type { Redaction, RedactionOptions } from '../redact/Redaction.js';
import type { LogSink } from '../sinks/LogSink.js';
import type { RotationOptions } from '../sinks/RotationOptions.js';
import type { LogContextProvider } from './LogContextProvider.js';
import type { LogLevel } from './LogLevel.js';
import type { TimerSource } from './TimerSource.js';

/** Options of `createSafeLogger`. Validated at creation: bad input throws `ConfigError` (BALLAST_ERR_CONFIG). */
export interface SafeLoggerOptions {
  /** Name in statistics and metric labels. @default 'app' */
  readonly name?: string;
  /** Log file path (directory created if missing). Without `file` or `sink`, lines go to stderr. */
  readonly file?: string;
  /** A custom primary sink instead of a file. */
  readonly sink?: LogSink;
  /** Most verbose level written. @default 'info' */
  readonly level?: LogLevel;
  /**
   * What turns entries into lines, off the calling path: `winstonBackend({ format })` (any
   * winston format) or `pinoBackend(options)` from `@ballast/safe-log/pino`.
   * @default winstonBackend(): `{"level","message",…fields,"timestamp"}` JSON lines
   */
  readonly backend?: LogBackend;
  /**
   * Called on the calling path for each accepted line; its fields (trace and span ids, a
   * tenant) go into the line before the metadata. See {@link LogContextProvider}.
   * @default none
   */
  readonly context?: LogContextProvider;
  /** Fields added to every line (redacted once, at creation). */
  readonly defaultMeta?: Readonly<Record<string, unknown>>;
  /** Fall back to `stderr` when the primary sink fails; false: drop straight away. @default true */
  readonly fallbackToStderr?: boolean;
  /** The fallback stream. @default process.stderr */
  readonly stderr?: Writable;
  /** Rotation of the log file by size and/or time, with removal of old files. @default none */
  readonly rotation?: RotationOptions;
  /** Lines waiting to be formatted and written before new ones are dropped (and counted). @default 10000 */
  readonly queueSize?: number;
  /** Longest line written; longer ones are replaced by a short "truncated" line. @default 65536 */
  readonly maxLineChars?: number;
  /** How often a failed primary sink is re-opened. @default 30000 */
  readonly recheckMs?: number;
  /** A write not settled after this long counts as a sink failure. @default 10000 */
  readonly writeTimeoutMs?: number;
  /** Redaction rules, a ready `Redaction`, or false to log metadata unmasked (still copied at the call, with the default size caps). @default new Redaction() */
  readonly redaction?: Redaction | RedactionOptions | false;
  /** Error-level lines are summarised and fed to this deduplicating alert feeder. */
  readonly alerts?: AlertDeduper;
  /** Timers from this runtime's scheduler, statistics registered on it, logger closed on `runtime.dispose()`. */
  readonly runtime?: Runtime;
  /** Timer source for re-checks and write timeouts (overrides the runtime's). @default unref'd timers */
  readonly timers?: TimerSource;
  /** Time source for rotation and timestamps. @default runtime clock, else `Date.now` */
  readonly now?: () => number;
}
