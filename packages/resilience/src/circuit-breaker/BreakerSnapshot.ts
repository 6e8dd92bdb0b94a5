import type { BreakerState } from './BreakerState.js';

/** A breaker's state in a form that survives a restart (see `Breaker.snapshot`). */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Consecutive openings so far (drives the open-duration backoff). */
  readonly openCount: number;
  /** Milliseconds until an open breaker goes half-open; 0 otherwise. */
  readonly retryAfterMs: number;
}
