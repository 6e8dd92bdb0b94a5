import type { Clock } from '@ballast/core';
import type { OutcomeWindow, WindowTotals } from '../windows/OutcomeWindow.js';
import type { BreakerConfig } from './BreakerConfig.js';
import type { BreakerState } from './BreakerState.js';
import type { BreakerWindow } from './BreakerStatistics.js';

const NO_CALLS: WindowTotals = Object.freeze({ calls: 0, failed: 0, slow: 0 });

/** Totals with their rates, as `failureRateThreshold` and `slowCallRateThreshold` read them. */
function withRates({ calls, failed, slow }: WindowTotals): BreakerWindow {
  return {
    calls,
    failed,
    slow,
    failureRate: calls === 0 ? 0 : (failed * 100) / calls,
    slowCallRate: calls === 0 ? 0 : (slow * 100) / calls,
  };
}

/** @internal the window of a breaker that has judged no call. */
export const EMPTY_WINDOW: BreakerWindow = Object.freeze(withRates(NO_CALLS));

/** @internal what a half-open probe's outcome means for the breaker. */
export type ProbeVerdict = 'open' | 'close' | 'wait';

/**
 * @internal the calls a `Breaker` is judging in each state, and their report as a
 * {@link BreakerWindow}: its outcome window while closed, its probes while half-open, and while
 * open the calls that opened it (the rates that tripped it stay readable, as in resilience4j).
 *
 * The breaker records into `window` itself; a probe goes through
 * {@link JudgedCalls.recordProbe}, which allocates nothing.
 */
export class JudgedCalls {
  readonly #clock: Clock;
  readonly #probes: number;
  readonly #probeFailureLimit: number;
  readonly #probeSlowLimit: number;
  #probeCalls = 0;
  #probeFailed = 0;
  #probeSlow = 0;
  #openedWith: WindowTotals = NO_CALLS;

  constructor(
    config: BreakerConfig,
    readonly window: OutcomeWindow,
    clock: Clock,
  ) {
    this.#clock = clock;
    const probes = config.halfOpenProbes;
    const consecutive = config.window === 'consecutive';
    this.#probes = probes;
    this.#probeFailureLimit = consecutive
      ? 1
      : Math.ceil((config.failureRateThreshold * probes) / 100);
    this.#probeSlowLimit = consecutive
      ? 1
      : Math.ceil((config.slowCallRateThreshold * probes) / 100);
  }

  /**
   * Records one half-open probe: `open` once failed or slow probes reach the thresholds' share
   * of `halfOpenProbes` (one, for a consecutive window), `close` once every probe ran without.
   */
  recordProbe(failed: boolean, slow: boolean): ProbeVerdict {
    this.#probeCalls++;
    if (failed) this.#probeFailed++;
    if (slow) this.#probeSlow++;
    if (this.#probeFailed >= this.#probeFailureLimit || this.#probeSlow >= this.#probeSlowLimit)
      return 'open';
    return this.#probeCalls >= this.#probes ? 'close' : 'wait';
  }

  /** A new half-open round: no probe recorded yet. */
  startProbes(): void {
    this.#probeCalls = 0;
    this.#probeFailed = 0;
    this.#probeSlow = 0;
  }

  /** Keeps what the breaker judged in `from` as what it shows while open. */
  keepOpenedWith(from: BreakerState, now: number): void {
    this.#openedWith = from === 'HALF_OPEN' ? this.#probeTotals() : this.window.totals(now);
  }

  /** The calls judged in `state`, with their rates. */
  report(state: BreakerState): BreakerWindow {
    return withRates(
      state === 'HALF_OPEN'
        ? this.#probeTotals()
        : state === 'OPEN'
          ? this.#openedWith
          : this.window.totals(this.#clock.now()),
    );
  }

  #probeTotals(): WindowTotals {
    return { calls: this.#probeCalls, failed: this.#probeFailed, slow: this.#probeSlow };
  }
}
