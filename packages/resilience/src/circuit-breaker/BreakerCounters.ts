import type { BreakerState } from './BreakerState.js';

/**
 * Plain-number call and transition counts of one breaker name (all keys of a keyed breaker
 * together). Incremented on the call path; read by exporters at scrape time.
 */
export class BreakerCounters {
  /** Calls that completed without a recorded failure (slow ones included). */
  successful = 0;
  /** Calls recorded as failures (slow ones included). */
  failed = 0;
  /** Calls slower than `slowCallDuration`, successful or failed. */
  slow = 0;
  /** Calls rejected because the circuit was open (or half-open with no probe left). */
  notPermitted = 0;
  /** Calls whose error was ignored (neither success nor failure). */
  ignored = 0;
  /** Calls the caller cancelled (neither success nor failure). */
  cancelled = 0;
  /** Times an `onStateChange` hook threw (counted, never passed on). */
  hookErrors = 0;
  /** Transitions into each state. */
  readonly transitions: Record<BreakerState, number> = {
    CLOSED: 0,
    OPEN: 0,
    HALF_OPEN: 0,
    FORCED_OPEN: 0,
    DISABLED: 0,
    METRICS_ONLY: 0,
  };
}
