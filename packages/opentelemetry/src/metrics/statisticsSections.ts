import type { Runtime } from '@ballast/core';
import { flagStatisticsOf } from '@ballast/flags';
import {
  breakerStatistics,
  bulkheadStatistics,
  fallbackStatistics,
  rateLimitStatistics,
  retryStatistics,
  timeoutStatistics,
} from '@ballast/resilience';
import { callStatistics, safeLoggerStatistics } from '@ballast/safe-log';
import type { Observations } from './Observations.js';

/**
 * Reads one package's plain-number statistics of a runtime. Sections run one by one inside a
 * guard, so a section that throws costs only its own series (and is counted in
 * `ballast_metrics_collect_errors_total{section}`, as with the Prometheus exporter).
 */
export interface StatisticsSection {
  readonly name: string;
  read(runtime: Runtime, out: Observations): void;
}

/** Breaker states as the Prometheus labels spell them (`HALF_OPEN` → `half_open`). */
const lower = (state: string): string => state.toLowerCase();

/** A section of one series per policy name: `instrument{label=<name>}`. */
function perName<S>(
  name: string,
  statistics: (runtime: Runtime) => ReadonlyMap<string, S>,
  instrument: string,
  label: string,
  value: (statistics: S) => number,
): StatisticsSection {
  return {
    name,
    read(runtime, out) {
      for (const [policy, s] of statistics(runtime))
        out.add(instrument, { [label]: policy }, value(s));
    },
  };
}

/** Every section, in the Prometheus exporter's order; the call-duration histogram is recorded per call. */
export const STATISTICS_SECTIONS: readonly StatisticsSection[] = [
  {
    name: 'calls',
    read(runtime, out) {
      for (const { service, method, calls } of callStatistics(runtime))
        for (const [outcome, count] of Object.entries(calls))
          out.add('ballast_calls_total', { service, method, outcome }, count);
    },
  },
  {
    name: 'retry',
    read(runtime, out) {
      for (const [policy, s] of retryStatistics(runtime)) {
        const kinds = {
          successful_without_retry: s.successfulWithoutRetry,
          successful_with_retry: s.successfulWithRetry,
          failed_without_retry: s.failedWithoutRetry,
          failed_with_retry: s.failedWithRetry,
        };
        for (const [kind, count] of Object.entries(kinds))
          out.add('ballast_retry_calls_total', { policy, kind }, count);
        out.add('ballast_retry_budget_exhausted_total', { policy }, s.budgetExhausted);
      }
    },
  },
  {
    name: 'breaker',
    read(runtime, out) {
      for (const s of breakerStatistics(runtime).values()) {
        const breaker = s.name;
        for (const [state, live] of Object.entries(s.keysByState)) {
          const attributes = { breaker, state: lower(state) };
          out.add('ballast_circuitbreaker_state', attributes, state === s.state ? 1 : 0);
          out.add('ballast_circuitbreaker_keys', attributes, live);
        }
        const { successful, failed, slow, notPermitted, ignored } = s.calls;
        const kinds = { successful, failed, slow, not_permitted: notPermitted, ignored };
        for (const [kind, count] of Object.entries(kinds))
          out.add('ballast_circuitbreaker_calls_total', { breaker, kind }, count);
      }
    },
  },
  perName('timeout', timeoutStatistics, 'ballast_timeouts_total', 'policy', (s) => s.timeouts),
  perName(
    'bulkhead',
    bulkheadStatistics,
    'ballast_bulkhead_available',
    'bulkhead',
    (s) => s.availablePermits,
  ),
  perName(
    'ratelimit',
    rateLimitStatistics,
    'ballast_ratelimit_rejected_total',
    'limiter',
    (s) => s.rejected,
  ),
  perName('fallback', fallbackStatistics, 'ballast_fallback_total', 'policy', (s) => s.fallbacks),
  {
    name: 'flags',
    read(runtime, out) {
      // Peek: a runtime that never used flags has no store, and reading must not create one.
      for (const { flag, variant, reason, count } of flagStatisticsOf(runtime)?.counts() ?? [])
        out.add('ballast_feature_flag_evaluations_total', { flag, variant, reason }, count);
    },
  },
  {
    name: 'logs',
    read(runtime, out) {
      for (const s of safeLoggerStatistics(runtime)) {
        out.add('ballast_log_dropped_total', { logger: s.name }, s.dropped);
        out.add('ballast_log_sink_errors_total', { logger: s.name }, s.sinkErrors);
      }
    },
  },
];
