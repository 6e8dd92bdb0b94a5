import type { AlertDeduper } from '../alerts/AlertDeduper.js';
import { summarizeLogLine } from '../alerts/summarizeLogLine.js';
import type { Redaction } from '../redact/Redaction.js';
import type { LogContextProvider } from './LogContextProvider.js';
import { LOG_LEVELS, type LogLevel } from './LogLevel.js';
import { finishRecord, type LogRecord } from './LogRecord.js';
import type { LogCounters, LogStatistics } from './LogStatistics.js';
import type { LogWriter } from './LogWriter.js';
import type { SinkWriter } from './SinkWriter.js';
import type { TimerSource } from './TimerSource.js';

/** The parts a {@link SafeLogger} is assembled from (see `createSafeLogger`). */
export interface SafeLoggerParts {
  readonly writer: SinkWriter;
  readonly counters: LogCounters;
  readonly redaction: Redaction;
  readonly level: LogLevel;
  readonly now: () => number;
  readonly context: LogContextProvider | undefined;
  readonly alerts: AlertDeduper | undefined;
  readonly timers: TimerSource;
}

/**
 * A logger that never throws into its caller and never grows without bound. A call does only
 * what cannot wait: the level check, the timestamp, the context fields and a copy of the
 * metadata (the caller may change its objects afterwards); redaction of strings, formatting
 * (winston by default) and writing happen off the calling path, in batches, through a bounded
 * queue to the best working sink. Create one with `createSafeLogger`.
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

  /** True when lines at `level` are written. */
  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVELS[level] <= this.#threshold;
  }

  /**
   * Logs one line. Never throws; a line that cannot be written is counted in `dropped`.
   * `meta` is copied at once (later changes to it do not show) and redacted; an Error as `meta`
   * is logged under `error`.
   */
  log(level: LogLevel, message: string, meta?: Readonly<Record<string, unknown>>): void {
    if (!(LOG_LEVELS[level] <= this.#threshold)) return; // also false for unknown levels
    const p = this.#p;
    if (this.#closed) {
      p.counters.dropped++;
      return;
    }
    try {
      if (typeof message === 'object' && message !== null) {
        // winston-style logger.info({ message, ...fields }): the object is read, never mutated.
        meta = message as Readonly<Record<string, unknown>>;
        message = String((meta as { message?: unknown }).message ?? '');
      }
      const context = p.context === undefined ? undefined : this.#contextFields(p.context);
      let fields: Record<string, unknown> | undefined;
      if (context !== undefined || meta !== undefined) {
        fields = {};
        p.redaction.captureMeta(fields, context);
        p.redaction.captureMeta(fields, meta);
      }
      const record: LogRecord = { level, time: p.now(), message: String(message), fields };
      if (level === 'error' && p.alerts !== undefined) this.#alert(record);
      p.writer.enqueue(record);
    } catch {
      p.counters.formatErrors++;
      p.counters.dropped++;
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
   * For shutdown: stops accepting lines, waits until everything queued is written, then closes
   * the sinks. Lines still unwritten after `timeoutMs` are counted as dropped and left
   * unwritten (a sink that hangs is not touched again). Later calls return the same promise.
   * @returns true when every accepted line reached a sink.
   */
  flush(timeoutMs = 5_000): Promise<boolean> {
    if (this.#flushing !== undefined) return this.#flushing;
    this.#closed = true;
    const { writer, timers } = this.#p;
    let timer: { cancel(): void } | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = timers.schedule(timeoutMs, () => resolve(false));
    });
    this.#flushing = Promise.race([writer.idle().then(() => true), timedOut]).then((drained) => {
      timer?.cancel();
      if (drained) writer.close();
      else writer.abandon();
      return drained;
    });
    return this.#flushing;
  }

  /**
   * Closes at once (runtime dispose does this): lines still queued are written synchronously
   * to the current sink (a file or stderr; a custom sink without `writeSync` has them counted
   * as dropped), timers are cleared. Idempotent.
   */
  close(): void {
    this.#closed = true;
    this.#p.writer.close();
  }

  /** A provider that throws costs the line its context fields, never the line. */
  #contextFields(provider: LogContextProvider): unknown {
    try {
      return provider();
    } catch {
      this.#p.counters.formatErrors++;
      return undefined;
    }
  }

  /** Error lines feed the alert deduper at once (it keeps its own time windows). */
  #alert(record: LogRecord): void {
    const { redaction, alerts } = this.#p;
    // On a copy of the fields: the record itself is finished once, when it is formatted.
    const copy = {
      ...record,
      fields: record.fields === undefined ? undefined : { ...record.fields },
    };
    const entry = finishRecord(copy, redaction, undefined);
    alerts!.report(summarizeLogLine(entry.message, entry.fields, this.name));
  }
}
