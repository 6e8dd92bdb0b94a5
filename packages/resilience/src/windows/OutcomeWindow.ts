/** Calls in a window, with how many of them failed and how many were slow. */
export interface WindowTotals {
  readonly calls: number;
  readonly failed: number;
  readonly slow: number;
}

/**
 * Where a circuit breaker keeps the outcomes of recent calls and decides whether they add up to
 * "open the circuit". Implementations are O(1) per call: counts are pre-aggregated, never
 * re-scanned or sorted.
 */
export interface OutcomeWindow {
  /** True when {@link OutcomeWindow.record} needs the current time (`now`); others get 0. */
  readonly needsTime: boolean;
  /**
   * Records one call that counted (not ignored).
   *
   * @returns true when the outcomes now in the window cross the window's thresholds.
   */
  record(failed: boolean, slow: boolean, now: number): boolean;
  /** Forgets every outcome (on a state transition). */
  reset(): void;
  /** The outcomes now in the window, as of `now` (a time window drops slices older). */
  totals(now: number): WindowTotals;
}
