import type { Breaker } from './Breaker.js';
import type { BreakerState, BreakerTransitionReason } from './BreakerState.js';

/** Payload of the `breaker.state` event: a breaker changed state. */
export interface BreakerStateEvent {
  /** Registry name of the breaker. */
  readonly name: string;
  /** Key of a keyed breaker, else undefined. */
  readonly key: string | undefined;
  readonly from: BreakerState;
  readonly to: BreakerState;
  /** Why: see {@link BreakerTransitionReason}. */
  readonly reason: BreakerTransitionReason;
  /** Milliseconds until an opened breaker goes half-open (0 for other states). */
  readonly retryAfterMs: number;
}

/**
 * @internal tells a breaker's `onStateChange` hook (if any) about a transition; a hook that
 * throws is counted in `hookErrors`, never passed on to the call that caused the transition.
 */
export function announceStateChange(
  breaker: Breaker,
  hook: ((event: BreakerStateEvent) => void) | undefined,
  from: BreakerState,
  to: BreakerState,
  reason: BreakerTransitionReason,
): void {
  if (hook === undefined) return;
  const { name, key } = breaker;
  const retryAfterMs = to === 'OPEN' ? breaker.retryAfterMs : 0;
  try {
    hook({ name, key, from, to, reason, retryAfterMs });
  } catch {
    breaker.counters.hookErrors++;
  }
}

declare module '@ballast/core' {
  interface BallastEvents {
    /** A circuit breaker changed state. */
    'breaker.state': BreakerStateEvent;
  }
}
