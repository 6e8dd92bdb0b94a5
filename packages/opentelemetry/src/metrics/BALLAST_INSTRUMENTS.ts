/** How an instrument is exported: a monotonic sum, a gauge, or a histogram. */
export type InstrumentKind = 'counter' | 'gauge' | 'histogram';

/** One OpenTelemetry instrument of the ballast set. */
export interface InstrumentSpec {
  /**
   * The Prometheus family's name, kept as it is (`_total`, `_seconds` included): OpenTelemetry's
   * Prometheus translation appends neither again, so both exporters feed one dashboard.
   */
  readonly name: string;
  readonly kind: InstrumentKind;
  /**
   * UCUM unit: `s` or `By` (the name already ends in `_seconds` or `_bytes`), or an annotation
   * in braces, which the Prometheus translation drops.
   */
  readonly unit: string;
  readonly description: string;
  /** Attribute keys, the Prometheus family's label names. */
  readonly attributes: readonly string[];
  /** How observations of several runtimes with the same attributes combine. */
  readonly merge: 'sum' | 'max';
}

function spec(
  name: string,
  kind: InstrumentKind,
  unit: string,
  attributes: readonly string[],
  description: string,
  merge: InstrumentSpec['merge'] = 'sum',
): InstrumentSpec {
  return Object.freeze({
    name,
    kind,
    unit,
    description,
    attributes: Object.freeze([...attributes]),
    merge,
  });
}

/**
 * The instruments `instrumentRuntime` creates: the families of `@ballast/metrics`' Prometheus
 * exporter with their names, label names and merge rules (a test keeps the two in step), read
 * from the same statistics. Counters and gauges are observable, read at collection time; the
 * call-duration histogram is recorded as each `@SafeLog` call ends, since the API has no
 * observable histogram.
 *
 * @example
 * ```ts
 * const counters = BALLAST_INSTRUMENTS.filter((instrument) => instrument.kind === 'counter');
 * ```
 */
export const BALLAST_INSTRUMENTS: readonly InstrumentSpec[] = Object.freeze([
  spec(
    'ballast_calls_total',
    'counter',
    '{call}',
    ['service', 'method', 'outcome'],
    'Logical calls of @SafeLog methods by outcome.',
  ),
  spec(
    'ballast_call_duration_seconds',
    'histogram',
    's',
    ['service', 'method'],
    'Duration of logical calls of @SafeLog methods.',
  ),
  spec(
    'ballast_retry_calls_total',
    'counter',
    '{call}',
    ['policy', 'kind'],
    'Calls through a retry policy by kind.',
  ),
  spec(
    'ballast_retry_budget_exhausted_total',
    'counter',
    '{retry}',
    ['policy'],
    'Retries the retry budget refused.',
  ),
  spec(
    'ballast_circuitbreaker_state',
    'gauge',
    '{state}',
    ['breaker', 'state'],
    'Circuit breaker state: 1 for the current state, 0 for the others.',
    'max',
  ),
  spec(
    'ballast_circuitbreaker_keys',
    'gauge',
    '{breaker}',
    ['breaker', 'state'],
    'Live breakers (keys) of a circuit breaker name per state.',
  ),
  spec(
    'ballast_circuitbreaker_calls_total',
    'counter',
    '{call}',
    ['breaker', 'kind'],
    'Calls seen by a circuit breaker by kind.',
  ),
  spec(
    'ballast_timeouts_total',
    'counter',
    '{timeout}',
    ['policy'],
    'Calls that hit the time limit of a timeout policy.',
  ),
  spec(
    'ballast_bulkhead_available',
    'gauge',
    '{slot}',
    ['bulkhead'],
    'Free concurrent slots of a bulkhead.',
  ),
  spec(
    'ballast_ratelimit_rejected_total',
    'counter',
    '{call}',
    ['limiter'],
    'Calls refused by a rate limit.',
  ),
  spec(
    'ballast_fallback_total',
    'counter',
    '{fallback}',
    ['policy'],
    'Failures replaced by a fallback value.',
  ),
  spec(
    'ballast_hedge_calls_total',
    'counter',
    '{call}',
    ['policy'],
    'Calls through a hedge policy.',
  ),
  spec('ballast_hedge_attempts_total', 'counter', '{attempt}', ['policy'], 'Hedged attempts sent.'),
  spec(
    'ballast_hedge_wins_total',
    'counter',
    '{call}',
    ['policy'],
    'Calls answered by a hedged attempt.',
  ),
  spec(
    'ballast_hedge_budget_exhausted_total',
    'counter',
    '{hedge}',
    ['policy'],
    'Hedges the retry budget refused.',
  ),
  spec(
    'ballast_hedge_delay_seconds',
    'gauge',
    's',
    ['policy'],
    'The delay a hedge policy sends its next attempt after.',
    'max',
  ),
  spec(
    'ballast_cache_lookups_total',
    'counter',
    '{call}',
    ['policy', 'result'],
    'Calls through a cache by result (hit, miss, coalesced).',
  ),
  spec(
    'ballast_cache_stale_served_total',
    'counter',
    '{call}',
    ['policy'],
    'Calls answered with a stale value.',
  ),
  spec(
    'ballast_cache_evictions_total',
    'counter',
    '{entry}',
    ['policy'],
    'Entries a cache dropped to stay within its bounds.',
  ),
  spec('ballast_cache_entries', 'gauge', '{entry}', ['policy'], 'Entries a cache holds.'),
  spec('ballast_cache_bytes', 'gauge', 'By', ['policy'], 'Estimated bytes a cache holds.'),
  spec(
    'ballast_guard_violations_total',
    'counter',
    '{violation}',
    ['policy', 'subject', 'action'],
    'Broken @Guard contracts by subject and action.',
  ),
  spec(
    'ballast_feature_flag_evaluations_total',
    'counter',
    '{evaluation}',
    ['flag', 'variant', 'reason'],
    'Feature flag evaluations by variant and reason.',
  ),
  spec(
    'ballast_log_dropped_total',
    'counter',
    '{line}',
    ['logger'],
    'Log lines a safe logger dropped.',
  ),
  spec(
    'ballast_log_sink_errors_total',
    'counter',
    '{error}',
    ['logger'],
    'Errors reported by the sinks of a safe logger.',
  ),
  spec(
    'ballast_metrics_collect_errors_total',
    'counter',
    '{error}',
    ['section'],
    'Statistics sections that failed to read during a collection.',
  ),
]);
