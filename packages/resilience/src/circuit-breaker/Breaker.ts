import { CancelledError, type Clock, ConfigError, type Outcome, type Settler } from '@ballast/core';
import { createOutcomeWindow } from '../windows/createOutcomeWindow.js';
import type { OutcomeWindow } from '../windows/OutcomeWindow.js';
import { BreakerCounters } from './BreakerCounters.js';
import type { BreakerConfig } from './BreakerConfig.js';
import type { BreakerEnvironment } from './BreakerEnvironment.js';
import type { BreakerSnapshot } from './BreakerSnapshot.js';
import {
  type BreakerState,
  type BreakerTransitionReason,
  type ManualBreakerState,
  readManualState,
} from './BreakerState.js';
import { announceStateChange } from './BreakerStateEvent.js';
import type { BreakerWindow } from './BreakerStatistics.js';
import { CircuitOpenError, refusalFrom } from './CircuitOpenError.js';
import { resultMatches } from '../call/resultMatches.js';
import { classifyError } from './classifyError.js';
import { JudgedCalls } from './JudgedCalls.js';

/**
 * @internal what a call's permit is settled with: its epoch, or with its start time when the
 * breaker times calls (`slowCallDuration` set).
 */
export type BreakerPermit = number | { readonly epoch: number; readonly startedAt: number };

/**
 * The circuit breaker state machine, usable on its own. A call asks {@link Breaker.acquire} for a
 * permit (an epoch number, 0 when refused) and settles it with {@link Breaker.onSuccess},
 * {@link Breaker.onResult} or {@link Breaker.onError}. Every transition starts a new epoch, so
 * outcomes of calls admitted before it never count toward the new state; in half-open this is
 * what keeps the probe count exact. Open → half-open happens on the first call after the open
 * duration: no timer.
 *
 * @example
 * ```ts
 * const breaker = createBreaker({ window: 'consecutive', consecutiveFailures: 3 }, { name: 'db' });
 * const rows = await breaker.execute(() => db.query(sql));
 * ```
 */
export class Breaker implements Settler<BreakerPermit> {
  readonly name: string;
  readonly key: string | undefined;
  readonly counters: BreakerCounters;
  readonly #config: BreakerConfig;
  readonly #clock: Clock;
  readonly #window: OutcomeWindow;
  /** Judges the half-open probes; reports what `window()` shows (it shares `#window`). */
  readonly #judged: JudgedCalls;
  readonly #onTransition: BreakerEnvironment['onTransition'];
  readonly #timed: boolean;
  #state: BreakerState = 'CLOSED';
  #epoch = 1;
  #openUntil = 0;
  #openCount = 0;
  #halfOpenSince = 0;
  #probesLeft = 0;
  #refusal: CircuitOpenError | undefined;
  /** The latest recorded failure (an error, or a result `failOnResult` counted). */
  #lastFailure: unknown;
  /** The failure that opened the circuit: the `cause` of its refusals. */
  #openedBy: unknown;

  constructor(config: BreakerConfig, environment: BreakerEnvironment) {
    this.name = environment.name;
    this.key = environment.key;
    this.counters = environment.counters ?? new BreakerCounters();
    this.#config = config;
    this.#clock = environment.clock;
    this.#window = createOutcomeWindow(config);
    this.#judged = new JudgedCalls(config, this.#window, this.#clock);
    this.#onTransition = environment.onTransition;
    this.#timed = config.slowCallDuration !== undefined;
    // Starting in a state is not a transition: no event, no count.
    this.#state = environment.initialState ?? config.initialState;
  }

  /** The current state (an open breaker whose time is up still reads OPEN until the next call). */
  get state(): BreakerState {
    return this.#state;
  }

  /** True when calls need a start time (slow-call detection is on). */
  get timed(): boolean {
    return this.#timed;
  }

  /** Milliseconds until a refused call may pass: Infinity while forced open, 0 when calls pass. */
  get retryAfterMs(): number {
    switch (this.#state) {
      case 'OPEN':
        return Math.max(0, this.#openUntil - this.#clock.now());
      case 'HALF_OPEN':
        return Math.max(0, this.#halfOpenSince + this.#config.halfOpenMaxWait - this.#clock.now());
      case 'FORCED_OPEN':
        return Number.POSITIVE_INFINITY;
      default:
        return 0;
    }
  }

  /**
   * The calls being judged now: the window, the probes while half-open, or while open the calls
   * that opened it (the rates that tripped it stay readable, as in resilience4j).
   */
  window(): BreakerWindow {
    return this.#judged.report(this.#state);
  }

  /** A permit for one call: the current epoch, or 0 when the call must be refused. */
  acquire(): number {
    const state = this.#state;
    if (state === 'CLOSED' || state === 'METRICS_ONLY' || state === 'DISABLED') return this.#epoch;
    if (state === 'OPEN') {
      const now = this.#clock.now();
      if (now >= this.#openUntil) this.#transition('HALF_OPEN', now, 'open-elapsed');
    }
    if (this.#state === 'HALF_OPEN') {
      if (this.#probesLeft > 0) {
        this.#probesLeft--;
        return this.#epoch;
      }
      const now = this.#clock.now();
      if (now - this.#halfOpenSince >= this.#config.halfOpenMaxWait)
        this.#open(now, 'probes-timed-out');
    }
    this.counters.notPermitted++;
    return 0;
  }

  /**
   * The error a refused call fails with: built once per state, then copied cheaply. Its
   * `cause` is the failure that opened the circuit.
   */
  rejection(): CircuitOpenError {
    const retryAfterMs = this.retryAfterMs;
    this.#refusal ??= new CircuitOpenError(
      this.name,
      this.key,
      this.#state,
      retryAfterMs,
      this.#state === 'OPEN' ? this.#openedBy : undefined,
    );
    return refusalFrom(this.#refusal, retryAfterMs);
  }

  /** Clock time to pass as `startedAt`, or 0 when the breaker does not time calls. */
  startTime(): number {
    return this.#timed ? this.#clock.now() : 0;
  }

  /** @internal settles a {@link Breaker.permit} with the call's outcome (a `Settler`). */
  settle(outcome: Outcome, permit: BreakerPermit): void {
    const epoch = typeof permit === 'number' ? permit : permit.epoch;
    const startedAt = typeof permit === 'number' ? 0 : permit.startedAt;
    if (outcome.ok) this.onResult(epoch, outcome.value, startedAt);
    else if (outcome.invocation.signal?.aborted === true) this.onCancelled(epoch);
    else this.onError(epoch, outcome.value, startedAt);
  }

  /** Settles a permit whose call succeeded. */
  onSuccess(epoch: number, startedAt: number): void {
    if (this.#state !== 'DISABLED') this.#record(epoch, false, startedAt);
  }

  /** Settles a permit whose call returned `value`: a failure when `failOnResult` says so. */
  onResult(epoch: number, value: unknown, startedAt: number): void {
    if (this.#state === 'DISABLED') return;
    // A throwing predicate counts a failure, like `recordOn`: the permit is still settled.
    const failed = resultMatches(this.#config.failOnResult, value, true);
    if (failed) this.#lastFailure = value;
    this.#record(epoch, failed, startedAt);
  }

  /** Settles a permit whose call failed; `recordOn`/`ignore` decide how it counts. */
  onError(epoch: number, error: unknown, startedAt: number): void {
    if (this.#state === 'DISABLED') return;
    if (CancelledError.is(error)) {
      this.onCancelled(epoch);
      return;
    }
    const verdict = classifyError(this.#config, error);
    if (verdict === 'ignored') {
      this.counters.ignored++;
      this.#handBack(epoch);
      return;
    }
    if (verdict === 'failure') this.#lastFailure = error;
    this.#record(epoch, verdict === 'failure', startedAt);
  }

  /**
   * Settles a permit whose caller cancelled the call: neither success nor failure (the
   * dependency was not judged), and a half-open probe gets its permit back.
   */
  onCancelled(epoch: number): void {
    if (this.#state === 'DISABLED') return;
    this.counters.cancelled++;
    this.#handBack(epoch);
  }

  /**
   * Puts the breaker in a state by hand (operators, options, hydration). OPEN and HALF_OPEN are
   * the breaker's own; a state outside `CLOSED`, `FORCED_OPEN`, `DISABLED`, `METRICS_ONLY` is a
   * `ConfigError` (to open for a while, use {@link Breaker.openUntil}).
   */
  transitionTo(state: ManualBreakerState): void {
    readManualState(state, `breaker "${this.name}" transitionTo`);
    if (state === this.#state) return;
    if (state === 'CLOSED') this.#openCount = 0;
    this.#transition(state, 0, 'manual');
  }

  /**
   * Opens the circuit until `until` on the breaker's clock (ms): calls are refused with the
   * time left as `retryAfterMs`, then the breaker half-opens and probes as after any opening.
   */
  openUntil(until: number): void {
    this.#transition('OPEN', this.#clock.now(), 'manual', until);
  }

  /** Back to CLOSED with an empty window and no backoff history. */
  reset(): void {
    this.#openCount = 0;
    if (this.#state === 'CLOSED') this.#newEpoch();
    else this.#transition('CLOSED', 0, 'reset');
  }

  /** The state to persist; see {@link Breaker.restore}. */
  snapshot(): BreakerSnapshot {
    const retryAfterMs = this.#state === 'OPEN' ? this.retryAfterMs : 0;
    return { state: this.#state, openCount: this.#openCount, retryAfterMs };
  }

  /** Restores a {@link Breaker.snapshot}; an open breaker stays open for the time it had left. */
  restore(snapshot: BreakerSnapshot): void {
    this.#openCount = snapshot.openCount;
    if (snapshot.state === 'OPEN') {
      const now = this.#clock.now();
      this.#transition('OPEN', now, 'restored', now + snapshot.retryAfterMs);
    } else {
      this.#transition(snapshot.state, this.#clock.now(), 'restored');
    }
  }

  /**
   * Runs `fn` under the breaker (for use without decorators).
   *
   * @throws CircuitOpenError when the circuit refuses the call; ConfigError when `fn` is not a
   * function (not counted: a caller's mistake says nothing about the dependency).
   */
  async execute<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    if (typeof fn !== 'function')
      throw new ConfigError(
        `breaker "${this.name}" execute: expected a function (got ${typeof fn}).`,
      );
    const epoch = this.acquire();
    if (epoch === 0) throw this.rejection();
    const startedAt = this.startTime();
    try {
      const value = await fn();
      this.onResult(epoch, value, startedAt);
      return value;
    } catch (error) {
      this.onError(epoch, error, startedAt);
      throw error;
    }
  }

  // An ignored or cancelled probe hands its permit back, so half-open never runs out of probes.
  #handBack(epoch: number): void {
    if (epoch === this.#epoch && this.#state === 'HALF_OPEN') this.#probesLeft++;
  }

  #record(epoch: number, failed: boolean, startedAt: number): void {
    const counters = this.counters;
    const needsNow = this.#timed || this.#window.needsTime;
    const now = needsNow ? this.#clock.now() : 0;
    const slow = this.#timed && now - startedAt >= this.#config.slowCallDuration!;
    if (failed) counters.failed++;
    else counters.successful++;
    if (slow) counters.slow++;
    if (epoch !== this.#epoch) return;
    const state = this.#state;
    if (state === 'CLOSED') {
      if (this.#window.record(failed, slow, now))
        this.#open(needsNow ? now : this.#clock.now(), 'failures');
    } else if (state === 'METRICS_ONLY') {
      this.#window.record(failed, slow, now);
    } else if (state === 'HALF_OPEN') {
      const verdict = this.#judged.recordProbe(failed, slow);
      if (verdict === 'open') this.#open(this.#clock.now(), 'probe-failed');
      else if (verdict === 'close') {
        this.#openCount = 0;
        this.#transition('CLOSED', 0, 'probes-passed');
      }
    }
  }

  #open(now: number, reason: BreakerTransitionReason): void {
    this.#openCount++;
    this.#openedBy = this.#lastFailure;
    this.#transition('OPEN', now, reason);
  }

  /** `until`: when an OPEN breaker half-opens, instead of after its open duration. */
  #transition(
    to: BreakerState,
    now: number,
    reason: BreakerTransitionReason,
    until?: number,
  ): void {
    const from = this.#state;
    if (to === 'OPEN') this.#judged.keepOpenedWith(from, now);
    this.#state = to;
    this.#newEpoch();
    if (to === 'OPEN') {
      this.#openUntil =
        until ??
        now +
          this.#config.openDuration({
            openCount: Math.max(1, this.#openCount),
            cause: this.#openedBy,
          });
    } else if (to === 'HALF_OPEN') {
      this.#halfOpenSince = now;
      this.#probesLeft = this.#config.halfOpenProbes;
      this.#judged.startProbes();
    }
    if (from === to) return;
    this.counters.transitions[to]++;
    this.#onTransition?.(this, from, to, reason);
    announceStateChange(this, this.#config.onStateChange, from, to, reason);
  }

  #newEpoch(): void {
    this.#epoch++;
    this.#refusal = undefined;
    this.#window.reset();
  }
}
