import type { RetryBudgetOptions } from '../retry/RetryBudget.js';
import type { HedgeFiredEvent } from './HedgeEvents.js';

/** A hedge delay read from a live percentile of the method's own latency. */
export interface HedgePercentileDelay {
  /** The percentile of recent attempt durations to hedge at, 50 ≤ p < 100 (95: hedge the slowest 5 %). */
  readonly percentile: number;
  /**
   * Lower bound of the delay, ms.
   * @default 1
   */
  readonly min?: number;
  /**
   * Upper bound of the delay, ms; also the delay until `minSamples` durations were seen.
   * @default 2000
   */
  readonly max?: number;
  /**
   * How far back durations count, ms (a sliding window of six slices).
   * @default 60000
   */
  readonly windowMs?: number;
  /**
   * Durations the window must hold before the percentile is trusted.
   * @default 20
   */
  readonly minSamples?: number;
}

/** Options of `@Hedge` and `hedge()`. Every option is validated when the decorator is applied. */
export interface HedgeOptions {
  /**
   * Required, and must be `true`: a hedge sends the same call more than once, which is safe only
   * for a method whose repeated calls have the effect of one (a read, a PUT, a write with an
   * idempotency key). Without it `@Hedge` is refused at decoration.
   */
  readonly idempotent: true;
  /**
   * When to send the next attempt while the earlier ones are still pending: a fixed delay in ms
   * (0 sends them all at once), or a live percentile of the method's own attempt durations.
   * @default { percentile: 95, min: 1, max: 2000, windowMs: 60000, minSamples: 20 }
   */
  readonly delayMs?: number | HedgePercentileDelay;
  /**
   * Extra attempts at most per call (the first attempt not included). Integer 1 to 10.
   * @default 1
   */
  readonly maxHedged?: number;
  /**
   * The budget hedges draw from when the method has no `@Retry` with a budget (with one, hedges
   * take from that retry budget: a hedge is a retry in time, never a way around the budget).
   * `false` leaves hedges bounded by `maxHedged` alone.
   * @default { ratio: 0.1, minRetriesPerSecond: 1, windowMs: 10000 }
   */
  readonly budget?: RetryBudgetOptions | false;
  /**
   * How each attempt's signal reaches the method: `join` puts it in the call context when the
   * call runs in one (`currentSignal()`); `start` starts a context when there is none (see
   * `@Timeout`'s `context` for the cost of that on Node 20). Inner aspects and a policy's
   * `execute()` get the signal either way.
   * @default 'join'
   */
  readonly context?: 'join' | 'start';
  /**
   * Name under which statistics, events and the own budget are kept.
   * @default the method's `Class.method`
   */
  readonly name?: string;
  /**
   * Called when a hedged attempt is sent, with the `hedge.fired` payload. A hook that throws is
   * counted in `hookErrors` and never breaks the call.
   * @default none
   */
  readonly onHedge?: (event: HedgeFiredEvent) => void;
}
