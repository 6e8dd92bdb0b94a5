import type { Runtime } from '@ballast/core';
import type { LogStatistics } from './LogStatistics.js';

const LOGGERS = Symbol.for('ballast.safe-log.loggers');

/** @internal the statistics of every safe logger attached to a runtime. */
export function registerLoggerStatistics(runtime: Runtime, statistics: LogStatistics): void {
  const list = runtime.service(LOGGERS, () => [] as LogStatistics[]);
  if (!list.includes(statistics)) list.push(statistics);
}

/**
 * Live, read-only statistics of every safe logger created with this runtime (or set as its
 * SafeLog default). The metrics exporter reads them at scrape time:
 * `ballast_log_dropped_total{logger}` from `dropped`, `ballast_log_sink_errors_total{logger}`
 * from `sinkErrors`. Values are plain numbers; counters never decrease.
 *
 * @example
 * ```ts
 * for (const s of safeLoggerStatistics(runtime)) console.log(s.name, s.dropped, s.sinkErrors, s.sink);
 * ```
 */
export function safeLoggerStatistics(runtime: Runtime): readonly LogStatistics[] {
  return runtime.peekService<LogStatistics[]>(LOGGERS) ?? [];
}
