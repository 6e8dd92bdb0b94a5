import { errorCode } from '@ballast/core';

/** Which sink a safe logger currently writes to. `none`: every line is dropped (and counted). */
export type SinkState = 'primary' | 'stderr' | 'none';

/**
 * Plain-number statistics of one safe logger, read by the metrics exporter at scrape time
 * (`ballast_log_dropped_total`, `ballast_log_sink_errors_total`). Counters only grow.
 */
export interface LogStatistics {
  /** Logger name (metric label). */
  readonly name: string;
  /** Lines handed to a sink and acknowledged by it. */
  readonly written: number;
  /** Lines lost: queue full, no working sink, logger closed, or abandoned at shutdown. */
  readonly dropped: number;
  /** Failures reported by a sink, the winston logger or a transport (open, write, rotate, timeout). */
  readonly sinkErrors: number;
  /** Backends (formats) that threw, the line still written in a plain form; context providers that threw, the line written without their fields. */
  readonly formatErrors: number;
  /** Moves to a worse sink (primary → stderr → none). */
  readonly fallbacks: number;
  /** Returns to the primary sink after a successful re-check. */
  readonly recoveries: number;
  /** Files rotated. */
  readonly rotations: number;
  /** Lines waiting to be formatted and written right now (at most `queueSize`, plus a failed chunk being retried). */
  readonly queued: number;
  /** The sink in use right now. */
  readonly sink: SinkState;
  /** The last sink error's code or message, for operators. */
  readonly lastError: string | undefined;
}

/** @internal the mutable counters behind {@link LogStatistics}. */
export class LogCounters implements LogStatistics {
  written = 0;
  dropped = 0;
  sinkErrors = 0;
  formatErrors = 0;
  fallbacks = 0;
  recoveries = 0;
  rotations = 0;
  queued = 0;
  sink: SinkState = 'primary';
  lastError: string | undefined = undefined;

  constructor(readonly name: string) {}

  /** Counts a sink error and remembers what it was. */
  sinkError(error: unknown): void {
    this.sinkErrors++;
    this.noteError(error);
  }

  /** Remembers an error without counting it (a failed re-check of a sink already counted). */
  noteError(error: unknown): void {
    this.lastError = describeError(error);
  }
}

function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined) return code;
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === 'string' ? message : String(error)).slice(0, 200);
}
