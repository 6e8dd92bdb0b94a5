import type { Clock } from '@ballast/core';
import type { Breaker } from './Breaker.js';
import type { BreakerCounters } from './BreakerCounters.js';
import type { BreakerState, BreakerTransitionReason, ManualBreakerState } from './BreakerState.js';

/** What a {@link Breaker} needs around it. */
export interface BreakerEnvironment {
  /** Name in errors, events and statistics. */
  readonly name: string;
  /** Key of a keyed breaker. */
  readonly key?: string | undefined;
  readonly clock: Clock;
  /** Counters to add to (shared by every key of a name). Default: the breaker's own. */
  readonly counters?: BreakerCounters;
  /** Called after every state change. */
  readonly onTransition?: (
    breaker: Breaker,
    from: BreakerState,
    to: BreakerState,
    reason: BreakerTransitionReason,
  ) => void;
  /** State to start in instead of the options' `initialState` (an operator's override). */
  readonly initialState?: ManualBreakerState | undefined;
}
