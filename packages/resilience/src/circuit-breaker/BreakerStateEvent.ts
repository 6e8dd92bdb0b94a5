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

declare module '@ballast/core' {
  interface BallastEvents {
    /** A circuit breaker changed state. */
    'breaker.state': BreakerStateEvent;
  }
}
