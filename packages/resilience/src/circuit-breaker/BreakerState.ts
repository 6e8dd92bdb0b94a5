/**
 * States of a circuit breaker, as in resilience4j:
 * - `CLOSED`: calls pass; outcomes are recorded and may open the circuit.
 * - `OPEN`: calls are rejected with `CircuitOpenError` until the open duration ends.
 * - `HALF_OPEN`: a fixed number of probe calls pass; their outcomes close or reopen the circuit.
 * - `FORCED_OPEN`: rejects every call until an operator closes or resets the breaker.
 * - `DISABLED`: every call passes; nothing is recorded.
 * - `METRICS_ONLY`: every call passes; outcomes are counted but never change the state.
 */
export type BreakerState =
  'CLOSED' | 'OPEN' | 'HALF_OPEN' | 'FORCED_OPEN' | 'DISABLED' | 'METRICS_ONLY';

/** Every {@link BreakerState}, in a stable order (for statistics and validation). */
export const BREAKER_STATES: readonly BreakerState[] = Object.freeze([
  'CLOSED',
  'OPEN',
  'HALF_OPEN',
  'FORCED_OPEN',
  'DISABLED',
  'METRICS_ONLY',
]);

/** States an operator or the options may put a breaker in directly. */
export type ManualBreakerState = 'CLOSED' | 'FORCED_OPEN' | 'DISABLED' | 'METRICS_ONLY';

const SEVERITY: readonly BreakerState[] = [
  'FORCED_OPEN',
  'OPEN',
  'HALF_OPEN',
  'METRICS_ONLY',
  'DISABLED',
  'CLOSED',
];

/** The most severe of `states` (FORCED_OPEN, OPEN, HALF_OPEN, METRICS_ONLY, DISABLED, CLOSED), or `fallback` when empty. */
export function mostSevereState(
  states: Iterable<BreakerState>,
  fallback: BreakerState,
): BreakerState {
  let rank = SEVERITY.length;
  for (const state of states) rank = Math.min(rank, SEVERITY.indexOf(state));
  return SEVERITY[rank] ?? fallback;
}
