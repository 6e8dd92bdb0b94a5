import {
  type AdviceTarget,
  CancelledError,
  type Invocation,
  type Next,
  rejectLater,
  type Runtime,
} from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
import { runHook } from '../call/runHook.js';
import { budgetFor, type RetryBudget, retryBudgetOf } from '../retry/RetryBudget.js';
import { HedgeCall } from './HedgeCall.js';
import type { HedgeFiredEvent } from './HedgeEvents.js';
import type { HedgeDelay, HedgePolicy } from './HedgePolicy.js';
import { type HedgeStatistics, hedgeStatisticsFor } from './HedgeStatistics.js';
import { LatencyHistogram } from './LatencyHistogram.js';

/**
 * The behaviour of `@Hedge` for one woven method: its delay (fixed, or a live percentile of its
 * own attempt durations), the budget its hedges draw from, its statistics and events. Each call
 * races in a {@link HedgeCall}.
 */
export class HedgeAdvice {
  readonly name: string;
  readonly statistics: HedgeStatistics;
  readonly runtime: Runtime;
  readonly maxHedged: number;
  readonly startsContext: boolean;
  /** The reason a losing attempt's signal aborts with: a cancellation, never a failure. */
  readonly loserReason: CancelledError;
  readonly #target: AdviceTarget;
  readonly #delay: HedgeDelay;
  readonly #histogram: LatencyHistogram | undefined;
  readonly #ownBudget: RetryBudget | undefined;
  readonly #onHedge: HedgePolicy['onHedge'];

  constructor(policy: HedgePolicy, runtime: Runtime, target: AdviceTarget) {
    this.name = policy.name ?? target.qualifiedName;
    this.statistics = hedgeStatisticsFor(runtime, this.name);
    this.runtime = runtime;
    this.maxHedged = policy.maxHedged;
    this.startsContext = policy.context === 'start';
    this.loserReason = new CancelledError(`Hedge ${this.name} (another attempt answered first)`);
    this.#target = target;
    this.#delay = policy.delay;
    const delay = policy.delay;
    this.#histogram =
      'fixed' in delay
        ? undefined
        : new LatencyHistogram(delay.percentile, delay.windowMs, delay.minSamples);
    this.#ownBudget =
      policy.budget === false
        ? undefined
        : budgetFor(runtime, { name: `Hedge:${this.name}` }, policy.budget);
    this.#onHedge = policy.onHedge;
    this.statistics.delayMs = 'fixed' in delay ? delay.fixed : delay.max;
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const signal = invocation.signal;
    if (signal !== undefined && signal.aborted) return rejectLater(this.cancelled(signal.reason));
    this.statistics.calls++;
    // With a retry budget on the method, the retry counts the call; hedges only take from it.
    if (retryBudgetOf(this.#target) === undefined) this.#ownBudget?.recordCall();
    return new HedgeCall(this, invocation, next).start();
  };

  /** The delay before the next hedge, ms: fixed, or the percentile clamped to its bounds. */
  delayMs(now: number): number {
    const delay = this.#delay;
    if ('fixed' in delay) return delay.fixed;
    const observed = this.#histogram!.value(now);
    const ms =
      observed === undefined ? delay.max : Math.min(delay.max, Math.max(delay.min, observed));
    this.statistics.delayMs = ms;
    return ms;
  }

  /** Counts the duration of an attempt that answered, or of a loser when it was cancelled. */
  recordDuration(durationMs: number, now: number): void {
    this.#histogram?.record(durationMs, now);
  }

  /**
   * Takes one hedge from the method's retry budget (or the hedge's own); false, counted and
   * announced, when it is spent.
   */
  tryHedge(): boolean {
    const budget = retryBudgetOf(this.#target) ?? this.#ownBudget;
    if (budget === undefined || budget.tryAcquire()) return true;
    this.statistics.budgetExhausted++;
    const events = this.runtime.events;
    if (events.has('hedge.budget-exhausted'))
      events.emit('hedge.budget-exhausted', { policy: this.name });
    return false;
  }

  onFired(hedge: number, delayMs: number): void {
    this.statistics.hedged++;
    const events = this.runtime.events;
    if (this.#onHedge === undefined && !events.has('hedge.fired')) return;
    const event: HedgeFiredEvent = { policy: this.name, hedge, delayMs };
    runHook(this.#onHedge, event, this.statistics);
    events.emit('hedge.fired', event);
  }

  onWon(hedge: number, elapsedMs: number): void {
    this.statistics.hedgeWins++;
    const events = this.runtime.events;
    if (events.has('hedge.won')) events.emit('hedge.won', { policy: this.name, hedge, elapsedMs });
  }

  /** Counts a call its caller cancelled; returns the `CancelledError` it ends with. */
  cancelled(reason: unknown): CancelledError {
    this.statistics.cancelled++;
    return cancelledError(this.runtime, 'Hedge', this.name, reason);
  }
}
