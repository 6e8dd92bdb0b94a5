import { ConfigError } from '@ballast/core';

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

const MANUAL_STATES: readonly string[] = ['CLOSED', 'FORCED_OPEN', 'DISABLED', 'METRICS_ONLY'];

/**
 * Checks a state asked for at run time (JavaScript callers, admin requests): anything but a
 * {@link ManualBreakerState} is a `ConfigError` saying what is allowed.
 */
export function readManualState(state: unknown, where: string): ManualBreakerState {
  if (typeof state === 'string' && MANUAL_STATES.includes(state))
    return state as ManualBreakerState;
  const shown = typeof state === 'string' ? `"${state}"` : typeof state;
  throw new ConfigError(
    `${where}: state must be one of ${MANUAL_STATES.join(', ')} (got ${shown}). OPEN and ` +
      'HALF_OPEN are reached by the breaker itself; to open for a while use forceOpen(name, { forMs }).',
  );
}

/**
 * Why a breaker changed state (the `reason` of `breaker.state` and `onStateChange`):
 * - `failures`: CLOSED → OPEN, failures or slow calls crossed a threshold.
 * - `probe-failed`: HALF_OPEN → OPEN, probes failed or were slow.
 * - `probes-passed`: HALF_OPEN → CLOSED.
 * - `probes-timed-out`: HALF_OPEN → OPEN, probes did not settle within `halfOpenMaxWait`.
 * - `open-elapsed`: OPEN → HALF_OPEN on the first call after the open duration.
 * - `manual`: an operator or the options (`forceOpen`, `close`, `disable`, `metricsOnly`,
 *   `transitionTo`).
 * - `reset`: `reset()`.
 * - `restored`: `hydrate()` or a hot-reloaded policy.
 */
export type BreakerTransitionReason =
  | 'failures'
  | 'probe-failed'
  | 'probes-passed'
  | 'probes-timed-out'
  | 'open-elapsed'
  | 'manual'
  | 'reset'
  | 'restored';

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
