import type { MetricFamily } from './MetricFamily.js';

function family(
  name: string,
  type: MetricFamily['type'],
  unit: string,
  labelNames: readonly string[],
  help: string,
  merge: MetricFamily['merge'] = 'sum',
): MetricFamily {
  return Object.freeze({
    name,
    type,
    unit,
    labelNames: Object.freeze([...labelNames]),
    help,
    merge,
  });
}

/**
 * Every metric family ballast exports, in rendering order: the one catalogue of
 * `registerBallastMetrics` (Prometheus) and `@ballast/opentelemetry`'s `instrumentRuntime`. Label
 * values are bounded by construction: woven methods, policy and breaker names, flag definitions,
 * logger names and fixed enumerations; never keys of keyed breakers, user ids or error messages.
 *
 * @example
 * ```ts
 * const gauges = BALLAST_METRICS.filter((family) => family.type === 'gauge').map((f) => f.name);
 * ```
 */
export const BALLAST_METRICS: readonly MetricFamily[] = Object.freeze([
  family(
    'ballast_calls_total',
    'counter',
    '{call}',
    ['service', 'method', 'outcome'],
    'Logical calls of @SafeLog methods by outcome (success, error, timeout, swallowed).',
  ),
  family(
    'ballast_call_duration_seconds',
    'histogram',
    's',
    ['service', 'method'],
    'Duration of logical calls of @SafeLog methods, seconds.',
  ),
  family(
    'ballast_retry_calls_total',
    'counter',
    '{call}',
    ['policy', 'kind'],
    'Calls through a retry policy by kind (successful_without_retry, successful_with_retry, failed_without_retry, failed_with_retry).',
  ),
  family(
    'ballast_retry_budget_exhausted_total',
    'counter',
    '{retry}',
    ['policy'],
    'Retries refused because the retry budget of the policy was spent.',
  ),
  family(
    'ballast_circuitbreaker_state',
    'gauge',
    '{state}',
    ['breaker', 'state'],
    'Circuit breaker state: 1 for the current state, 0 for the others (keyed breakers: the most severe state of any key).',
    'max',
  ),
  family(
    'ballast_circuitbreaker_keys',
    'gauge',
    '{breaker}',
    ['breaker', 'state'],
    'Live breakers (keys) of a circuit breaker name per state; 1 in total for an unkeyed breaker.',
  ),
  family(
    'ballast_circuitbreaker_calls_total',
    'counter',
    '{call}',
    ['breaker', 'kind'],
    'Calls seen by a circuit breaker by kind (successful, failed, slow, not_permitted, ignored); every key of a keyed breaker together.',
  ),
  family(
    'ballast_circuitbreaker_failure_rate',
    'gauge',
    '{percent}',
    ['breaker'],
    'Percent of the calls a circuit breaker judges now (its window, or its probes while half-open) that failed; 0 with none. Unkeyed breakers only.',
    'max',
  ),
  family(
    'ballast_circuitbreaker_slow_call_rate',
    'gauge',
    '{percent}',
    ['breaker'],
    'Percent of the calls a circuit breaker judges now (its window, or its probes while half-open) that were slow; 0 with none. Unkeyed breakers only.',
    'max',
  ),
  family(
    'ballast_timeouts_total',
    'counter',
    '{timeout}',
    ['policy'],
    'Calls that hit the time limit of a timeout policy.',
  ),
  family(
    'ballast_bulkhead_available',
    'gauge',
    '{slot}',
    ['bulkhead'],
    'Free concurrent slots of a bulkhead right now.',
  ),
  family(
    'ballast_ratelimit_rejected_total',
    'counter',
    '{call}',
    ['limiter'],
    'Calls refused by a rate limit (every key of a keyed limit together).',
  ),
  family(
    'ballast_ratelimit_available_tokens',
    'gauge',
    '{token}',
    ['limiter'],
    'Whole tokens a rate limit has free now; limits with one local bucket only (not keyed, not shared through a backend).',
  ),
  family(
    'ballast_ratelimit_waiting',
    'gauge',
    '{call}',
    ['limiter'],
    'Calls waiting now for a rate-limit token (every key of a keyed limit together).',
  ),
  family(
    'ballast_fallback_total',
    'counter',
    '{fallback}',
    ['policy'],
    'Failures replaced by a fallback value.',
  ),
  family(
    'ballast_hedge_calls_total',
    'counter',
    '{call}',
    ['policy'],
    'Calls through a hedge policy (each attempt of an outer retry counts).',
  ),
  family(
    'ballast_hedge_attempts_total',
    'counter',
    '{attempt}',
    ['policy'],
    'Hedged attempts sent (the first attempt of a call not included).',
  ),
  family(
    'ballast_hedge_wins_total',
    'counter',
    '{call}',
    ['policy'],
    'Calls answered by a hedged attempt rather than the first one.',
  ),
  family(
    'ballast_hedge_budget_exhausted_total',
    'counter',
    '{hedge}',
    ['policy'],
    'Hedges not sent because the retry budget was spent.',
  ),
  family(
    'ballast_hedge_delay_seconds',
    'gauge',
    's',
    ['policy'],
    'The delay a hedge policy sends its next attempt after, seconds (a live percentile or fixed).',
    'max',
  ),
  family(
    'ballast_cache_lookups_total',
    'counter',
    '{call}',
    ['policy', 'result'],
    'Calls through a cache by result (hit: a fresh value; miss: loaded; coalesced: waited for another call loading the same key).',
  ),
  family(
    'ballast_cache_stale_served_total',
    'counter',
    '{call}',
    ['policy'],
    'Calls answered with a stale value (stale-while-revalidate or stale-if-error).',
  ),
  family(
    'ballast_cache_evictions_total',
    'counter',
    '{entry}',
    ['policy'],
    'Entries a cache dropped to stay within its bounds of entries and bytes.',
  ),
  family('ballast_cache_entries', 'gauge', '{entry}', ['policy'], 'Entries a cache holds now.'),
  family(
    'ballast_cache_bytes',
    'gauge',
    'By',
    ['policy'],
    'Estimated bytes a cache holds now (its in-memory stores).',
  ),
  family(
    'ballast_guard_violations_total',
    'counter',
    '{violation}',
    ['policy', 'subject', 'action'],
    'Broken @Guard contracts by subject (argument, result) and action (rejected, or logged in log-only mode).',
  ),
  family(
    'ballast_feature_flag_evaluations_total',
    'counter',
    '{evaluation}',
    ['flag', 'variant', 'reason'],
    'Feature flag evaluations by variant served and reason.',
  ),
  family(
    'ballast_log_dropped_total',
    'counter',
    '{line}',
    ['logger'],
    'Log lines a safe logger dropped (queue full, no working sink, closed).',
  ),
  family(
    'ballast_log_sink_errors_total',
    'counter',
    '{error}',
    ['logger'],
    'Errors reported by the sinks of a safe logger (open, write, rotate, timeout).',
  ),
  family(
    'ballast_metrics_collect_errors_total',
    'counter',
    '{error}',
    ['section'],
    'Statistics sections that failed to read during a scrape or collection (the rest is still served).',
  ),
]);
