/** A deduplicated, rate-limited error summary for people (chat, pager, alert bot). */
export interface Alert {
  /** Stable id of "the same error": service, error name, code and message shape. */
  readonly fingerprint: string;
  /** Redacted one-line summary. */
  readonly message: string;
  /** Where it came from (logger name, `Class.method`, `process`). */
  readonly source: string;
  /** Error class name, when known. */
  readonly errorName: string | undefined;
  /** Error code (`BALLAST_ERR_TIMEOUT`, `ECONNRESET`), when known. */
  readonly code: string | undefined;
  /** Occurrences this alert stands for (1 for the first; the rest of a window come as one alert). */
  readonly count: number;
  /** First and last occurrence covered, in clock milliseconds. */
  readonly firstSeen: number;
  readonly lastSeen: number;
}

/**
 * Receives alerts. The alert bot implements it; {@link MemoryAlertSink} and
 * {@link ConsoleAlertSink} ship here. `send` may be async; its failures are counted by the
 * feeder, never thrown into the code that logged.
 */
export interface AlertSink {
  send(alert: Alert): void | Promise<void>;
}

/** An error summary before deduplication (what `AlertDeduper.report` takes). */
export interface ErrorSummary {
  readonly message: string;
  readonly source: string;
  readonly errorName?: string | undefined;
  readonly code?: string | undefined;
}
