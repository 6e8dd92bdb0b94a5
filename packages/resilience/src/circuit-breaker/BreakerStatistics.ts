import type { BreakerGroup } from './BreakerGroup.js';
import { BREAKER_STATES, type BreakerState, mostSevereState } from './BreakerState.js';

/**
 * The calls a breaker is judging now: its window while closed or metrics-only, its probes while
 * half-open, and while open the calls that opened it (empty while forced open or disabled: every
 * transition starts a new window). A consecutive breaker's window is its current run of failures.
 */
export interface BreakerWindow {
  readonly calls: number;
  readonly failed: number;
  readonly slow: number;
  /** Percent of `calls` that failed (0 with no calls), compared with `failureRateThreshold`. */
  readonly failureRate: number;
  /** Percent of `calls` that were slow (0 with no calls), compared with `slowCallRateThreshold`. */
  readonly slowCallRate: number;
}

/** Plain-number statistics of one breaker name (every key of a keyed breaker together). */
export interface BreakerStatistics {
  readonly name: string;
  readonly keyed: boolean;
  /** The breaker's state; for a keyed breaker the most severe state among its keys. */
  readonly state: BreakerState;
  /** Live breakers (keys) under the name; 1 when not keyed. */
  readonly keys: number;
  /** Live breakers per state. */
  readonly keysByState: Readonly<Record<BreakerState, number>>;
  /** Calls by kind since the breaker was created (`slow` overlaps successful and failed). */
  readonly calls: {
    readonly successful: number;
    readonly failed: number;
    readonly slow: number;
    readonly notPermitted: number;
    readonly ignored: number;
    readonly cancelled: number;
  };
  /** Transitions into each state. */
  readonly transitions: Readonly<Record<BreakerState, number>>;
  /** Times an `onStateChange` hook threw. */
  readonly hookErrors: number;
  /**
   * What the breaker is judging now; undefined for a keyed breaker (each key has its own: read
   * it with `BreakerRegistry.window(name, key)`).
   */
  readonly window: BreakerWindow | undefined;
}

/** @internal builds the statistics of a group at read time. */
export function statisticsOf(group: BreakerGroup): BreakerStatistics {
  const keysByState = Object.fromEntries(BREAKER_STATES.map((state) => [state, 0])) as Record<
    BreakerState,
    number
  >;
  let keys = 0;
  for (const breaker of group.breakers()) {
    keysByState[breaker.state]++;
    keys++;
  }
  const state = mostSevereState(
    BREAKER_STATES.filter((candidate) => keysByState[candidate] > 0),
    'CLOSED',
  );
  const { successful, failed, slow, notPermitted, ignored, cancelled, hookErrors } = group.counters;
  return {
    name: group.name,
    keyed: group.keyed,
    state,
    keys,
    keysByState,
    calls: { successful, failed, slow, notPermitted, ignored, cancelled },
    transitions: { ...group.counters.transitions },
    hookErrors,
    window: group.single?.window(),
  };
}
