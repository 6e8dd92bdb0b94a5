import type winston from 'winston';
import type { AlertDeduper } from '../alerts/AlertDeduper.js';
import { summarizeLogLine } from '../alerts/summarizeLogLine.js';
import type { Redaction } from '../redact/Redaction.js';
import { LOG_LEVELS, type LogLevel } from './LogLevel.js';
import type { LogCounters, LogStatistics } from './LogStatistics.js';
import type { LogWriter } from './LogWriter.js';
import type { SinkWriter } from './SinkWriter.js';
import type { TimerSource } from './TimerSource.js';

/** The parts a {@link SafeLogger} is assembled from (see `createSafeLogger`). */
export interface SafeLoggerParts {
  readonly winston: winston.Logger;
  readonly writer: SinkWriter;
  readonly counters: LogCounters;
  readonly redaction: Redaction | undefined;
  readonly level: LogLevel;
  readonly alerts: AlertDeduper | undefined;
  readonly timers: TimerSource;
  readonly defaultMeta: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A winston logger that never throws into its caller and never grows without bound. Every
 * method is guarded; metadata is redacted on a copy (the caller's objects are never touched);
 * lines go through a bounded queue to the best working sink. Create one with `createSafeLogger`.
 */
export class SafeLogger implements LogWriter {
  readonly #p: SafeLoggerParts;
  readonly #threshold: number;
  #closed = false;
  #flushing: Promise<boolean> | undefined;

  constructor(parts: SafeLoggerParts) {
    this.#p = parts;
    this.#threshold = LOG_LEVELS[parts.level];
  }

  /** Logger name (the `logger` label of its metrics). */
  get name(): string {
    return this.#p.counters.name;
  }

  /** The underlying winston logger, for integrations that need it. Writing to it directly bypasses the guards. */
  get winston(): winston.Logger {
    return this.#p.winston;
  }

  /** True when lines at `level` are written. */
  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVELS[level] <= this.#threshold;
  }

  /**
   * Writes one line. Never throws; a line that cannot be written is counted in `dropped`.
   * `meta` is redacted on a copy; an Error as `meta` is logged under `error`.
   */
  log(level: LogLevel, message: string, meta?: Readonly<Record<string, unknown>>): void {
    if (!(LOG_LEVELS[level] <= this.#threshold)) return; // also false for unknown levels
    const counters = this.#p.counters;
    if (this.#closed) {
      counters.dropped++;
      return;
    }
    try {
      if (typeof message === 'object' && message !== null) {
        // winston-style logger.info({ message, ...fields }): the object is read, never mutated.
        meta = message as Readonly<Record<string, unknown>>;
        message = String((meta as { message?: unknown }).message ?? '');
      }
      const redaction = this.#p.redaction;
      const text =
        redaction === undefined ? String(message) : redaction.maskString(String(message));
      // level and message first for readable lines, and again last so metadata cannot replace them.
      const info: Record<string, unknown> = { level, message: text, ...this.#p.defaultMeta };
      if (meta !== undefined)
        Object.assign(info, redaction === undefined ? { ...meta } : redaction.meta(meta));
      info.level = level;
      info.message = text;
      if (level === 'error' && this.#p.alerts !== undefined) {
        this.#p.alerts.report(summarizeLogLine(info.message as string, info, this.name));
      }
      this.#p.winston.write(info);
    } catch {
      counters.formatErrors++;
      counters.dropped++;
    }
  }

  /** `log('error', …)`. */
  error(message: string, meta?: Readonly<Record<string, unknown>>): void {
    this.log('error', message, meta);
  }

  /** `log('warn', …)`. */
  warn(message: string, meta?: Readonly<Record<string, unknown>>): void {
    this.log('warn', message, meta);
  }

  /** `log('info', …)`. */
  info(message: string, meta?: Readonly<Record<string, unknown>>): void {
    this.log('info', message, meta);
  }

  /** `log('debug', …)`. */
  debug(message: string, meta?: Readonly<Record<string, unknown>>): void {
    this.log('debug', message, meta);
  }

  /** Resolves once every line accepted so far is written or dropped (the logger stays open). */
  idle(): Promise<void> {
    return this.#p.writer.idle();
  }

  /** The live statistics object (read-only; what `safeLoggerStatistics(runtime)` lists). */
  get liveStatistics(): LogStatistics {
    return this.#p.counters;
  }

  /** A snapshot of the plain-number statistics. */
  statistics(): LogStatistics {
    return { ...this.#p.counters };
  }

  /**
   * For shutdown: stops accepting lines, ends winston (`end()` + `'finish'`, right from 3.19),
   * waits until the queue is written, then closes the file. Lines still unwritten after
   * `timeoutMs` are counted as dropped. Later calls return the same promise.
   * @returns true when every accepted line reached a sink.
   */
  flush(timeoutMs = 5_000): Promise<boolean> {
    if (this.#flushing !== undefined) return this.#flushing;
    this.#closed = true;
    const { winston: logger, writer, timers } = this.#p;
    const ended = new Promise<void>((resolve) => {
      try {
        logger.once('finish', () => resolve());
        logger.end();
      } catch {
        resolve();
      }
    }).then(() => writer.idle());
    let timer: { cancel(): void } | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = timers.schedule(timeoutMs, () => resolve(false));
    });
    this.#flushing = Promise.race([ended.then(() => true), timedOut]).then((drained) => {
      timer?.cancel();
      this.#shutdown();
      return drained;
    });
    return this.#flushing;
  }

  /** Closes at once: unwritten lines are counted as dropped, timers cleared. Idempotent. */
  close(): void {
    if (this.#closed && this.#flushing === undefined) return;
    this.#closed = true;
    try {
      this.#p.winston.end();
    } catch {
      // Already ended by a flush.
    }
    this.#shutdown();
  }

  #shutdown(): void {
    this.#p.writer.close();
  }
}
