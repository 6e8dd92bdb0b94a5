/** What a custom `openDuration` function learns about the opening it sizes. */
export interface BreakerOpening {
  /** Consecutive openings, this one included: 1 after a trip from closed, 2 after a failed trial. */
  readonly openCount: number;
  /** The failure that opened the circuit: an error, or a result `failOnResult` counted. */
  readonly cause: unknown;
}

/** @internal milliseconds to stay open for an opening; always finite, 1 ms to 1 day. */
export type OpenDuration = (opening: BreakerOpening) => number;

const DAY_MS = 86_400_000;
const DEFAULT_OPEN_MS = 30_000;

/**
 * `initial` after the first trip, multiplied by `multiplier` each time a half-open trial fails
 * again, never above `max`. A fixed duration has `multiplier` 1.
 */
export function backoffOpenDuration(
  initial: number,
  max: number,
  multiplier: number,
): OpenDuration {
  // The power may overflow to Infinity after many reopenings; min() brings it back to max.
  return ({ openCount }) =>
    multiplier === 1 || openCount <= 1
      ? Math.min(initial, max)
      : Math.min(max, initial * multiplier ** (openCount - 1));
}

/**
 * A user's function, kept within bounds: a result outside 1 ms – 1 day is clamped to it, and a
 * result that is not a number (or a throw) opens for the default 30 s rather than not at all.
 */
export function customOpenDuration(fn: (opening: BreakerOpening) => number): OpenDuration {
  return (opening) => {
    let ms: unknown;
    try {
      ms = fn(opening);
    } catch {
      return DEFAULT_OPEN_MS;
    }
    if (typeof ms !== 'number' || Number.isNaN(ms)) return DEFAULT_OPEN_MS;
    return Math.min(DAY_MS, Math.max(1, ms));
  };
}
