import type { Runtime } from '@ballast/core';
import {
  breakerStatistics,
  bulkheadStatistics,
  cacheStatistics,
  fallbackStatistics,
  guardStatistics,
  hedgeStatistics,
  rateLimitStatistics,
  retryStatistics,
  timeoutStatistics,
} from '@ballast/resilience';
import type { StatisticsSection } from './StatisticsSection.js';

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

/** `ballast_retry_calls_total` and `ballast_retry_budget_exhausted_total` from `@Retry`. */
export const retrySection: StatisticsSection = {
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
};

/** `ballast_circuitbreaker_*` from `@CircuitBreaker` (every key of a keyed breaker together). */
export const breakerSection: StatisticsSection = {
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
};

/** `ballast_timeouts_total` from `@Timeout`. */
export const timeoutSection: StatisticsSection = perName(
  'timeout',
  timeoutStatistics,
  'ballast_timeouts_total',
  'policy',
  (s) => s.timeouts,
);

/** `ballast_bulkhead_available` from `@Bulkhead`. */
export const bulkheadSection: StatisticsSection = perName(
  'bulkhead',
  bulkheadStatistics,
  'ballast_bulkhead_available',
  'bulkhead',
  (s) => s.availablePermits,
);

/** `ballast_ratelimit_rejected_total` from `@RateLimit`. */
export const ratelimitSection: StatisticsSection = perName(
  'ratelimit',
  rateLimitStatistics,
  'ballast_ratelimit_rejected_total',
  'limiter',
  (s) => s.rejected,
);

/** `ballast_fallback_total` from `@Fallback`. */
export const fallbackSection: StatisticsSection = perName(
  'fallback',
  fallbackStatistics,
  'ballast_fallback_total',
  'policy',
  (s) => s.fallbacks,
);

/** `ballast_hedge_*` from `@Hedge`. */
export const hedgeSection: StatisticsSection = {
  name: 'hedge',
  read(runtime, out) {
    for (const [policy, s] of hedgeStatistics(runtime)) {
      out.add('ballast_hedge_calls_total', { policy }, s.calls);
      out.add('ballast_hedge_attempts_total', { policy }, s.hedged);
      out.add('ballast_hedge_wins_total', { policy }, s.hedgeWins);
      out.add('ballast_hedge_budget_exhausted_total', { policy }, s.budgetExhausted);
      out.add('ballast_hedge_delay_seconds', { policy }, s.delayMs / 1_000);
    }
  },
};

/** `ballast_cache_*` from `@Cache`. */
export const cacheSection: StatisticsSection = {
  name: 'cache',
  read(runtime, out) {
    for (const [policy, s] of cacheStatistics(runtime)) {
      const results = { hit: s.hits, miss: s.misses, coalesced: s.coalesced };
      for (const [result, count] of Object.entries(results))
        out.add('ballast_cache_lookups_total', { policy, result }, count);
      out.add('ballast_cache_stale_served_total', { policy }, s.staleServed);
      out.add('ballast_cache_evictions_total', { policy }, s.evictions);
      out.add('ballast_cache_entries', { policy }, s.entries);
      out.add('ballast_cache_bytes', { policy }, s.bytes);
    }
  },
};

/** `ballast_guard_violations_total` from `@Guard`. */
export const guardSection: StatisticsSection = {
  name: 'guard',
  read(runtime, out) {
    for (const [policy, s] of guardStatistics(runtime)) {
      const violations: [string, string, number][] = [
        ['argument', 'rejected', s.argumentsRejected],
        ['argument', 'logged', s.argumentsLogged],
        ['result', 'rejected', s.resultsRejected],
        ['result', 'logged', s.resultsLogged],
      ];
      for (const [subject, action, count] of violations)
        out.add('ballast_guard_violations_total', { policy, subject, action }, count);
    }
  },
};
