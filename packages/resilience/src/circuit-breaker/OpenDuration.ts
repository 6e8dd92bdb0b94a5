/**
 * How long the circuit stays open: `initial` after the first trip, multiplied by `multiplier`
 * each time a half-open trial fails again, never above `max`. A fixed duration has
 * `multiplier` 1.
 */
export interface OpenDuration {
  readonly initial: number;
  readonly max: number;
  readonly multiplier: number;
}

/** Milliseconds to stay open on the `openCount`-th consecutive opening (1-based); always finite. */
export function openDurationFor(duration: OpenDuration, openCount: number): number {
  if (duration.multiplier === 1 || openCount <= 1) return Math.min(duration.initial, duration.max);
  // The power may overflow to Infinity after many reopenings; min() brings it back to max.
  return Math.min(duration.max, duration.initial * duration.multiplier ** (openCount - 1));
}
