import { flagStatisticsOf } from '@ballast/flags';
import { callStatistics, safeLoggerStatistics } from '@ballast/safe-log';
import {
  breakerSection,
  bulkheadSection,
  cacheSection,
  fallbackSection,
  guardSection,
  hedgeSection,
  ratelimitSection,
  retrySection,
  timeoutSection,
} from './resilienceSections.js';
import type { StatisticsSection } from './StatisticsSection.js';

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
  retrySection,
  breakerSection,
  timeoutSection,
  bulkheadSection,
  ratelimitSection,
  fallbackSection,
  hedgeSection,
  cacheSection,
  guardSection,
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
