import { BallastError } from '@ballast/core';
import type { BreakerState } from './BreakerState.js';

function describeWait(state: BreakerState): string {
  if (state === 'FORCED_OPEN') return 'it stays open until an operator closes it';
  if (state === 'HALF_OPEN')
    return 'every probe call is taken; retryAfterMs says when to try again';
  return 'calls fail fast until it half-opens; retryAfterMs says when';
}

/**
 * A circuit breaker refused the call: the circuit is open, forced open, or half-open with every
 * probe taken. While open, `cause` is the failure that opened it. Refusing must stay cheap under load, so see {@link refusalFrom}: one instance is
 * built (without a stack trace) per breaker state, and each refused call gets a light copy.
 */
export class CircuitOpenError extends BallastError {
  override readonly name = 'CircuitOpenError';
  static override readonly code = 'BALLAST_ERR_CIRCUIT_OPEN';
  static override readonly kind = 'rejection';
  static override readonly httpStatus = 503;

  constructor(
    /** Name of the breaker (registry name). */
    readonly breakerName: string,
    /** Key of a keyed breaker, else undefined. */
    readonly key: string | undefined,
    /** The state that refused the call: OPEN, HALF_OPEN or FORCED_OPEN. */
    readonly state: BreakerState,
    /** Milliseconds until calls may pass again; Infinity while forced open. */
    readonly retryAfterMs: number,
    /** The failure that opened the circuit (an error, or a result `failOnResult` counted). */
    cause?: unknown,
  ) {
    super(
      CircuitOpenError.code,
      `Circuit breaker "${breakerName}"${key === undefined ? '' : ` [${key}]`} is ${state}; ${describeWait(state)}.`,
      { captureStack: false, cause },
    );
  }
}

/**
 * A refusal for one call: an object inheriting everything (class, code, message, brand, so
 * `instanceof` and `CircuitOpenError.is()` hold) from `template`, with its own `retryAfterMs`.
 * About 20 ns, where constructing an `Error` costs ~700 ns even without a stack; each caller
 * still gets its own object, so nobody sees another caller's changes.
 */
export function refusalFrom(template: CircuitOpenError, retryAfterMs: number): CircuitOpenError {
  const refusal = Object.create(template) as { retryAfterMs: number };
  refusal.retryAfterMs = retryAfterMs;
  return refusal as CircuitOpenError;
}
