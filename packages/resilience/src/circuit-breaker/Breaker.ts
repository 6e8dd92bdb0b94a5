import type { Clock } from '@ballast/core';
import { createOutcomeWindow } from '../windows/createOutcomeWindow.js';
import type { OutcomeWindow } from '../windows/OutcomeWindow.js';
import { BreakerCounters } from './BreakerCounters.js';
import type { BreakerConfig } from './BreakerConfig.js';
import type { BreakerState, ManualBreakerState } from './BreakerState.js';
import { CircuitOpenError, refusalFrom } from './CircuitOpenError.js';
import { classifyError } from './classifyError.js';
import { openDurationFor } from './OpenDuration.js';

/** What a {@link Breaker} needs around it. */
export interface BreakerEnvironment {
  /** Name in errors, events and statistics. */
  readonly name: string;
  /** Key of a keyed breaker. */
  readonly key?: string | undefined;
  readonly clock: Clock;
  /** Counters to add to (shared by every key of a name). Default: the breaker's own. */
  readonly counters?: BreakerCounters;
  /** Called after every state change. */
  readonly onTransition?: (breaker: Breaker, from: BreakerState, to: BreakerState) => void;
  /** State to start in instead of the options' `initialState` (an operator's override). */
  readonly initialState?: ManualBreakerState | undefined;
}

/** A breaker's state in a form that survives a restart (see {@link Breaker.snapshot}). */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Consecutive openings so far (drives the open-duration backoff). */
  readonly openCount: number;
  /** Milliseconds until an open breaker goes half-open; 0 otherwise. */
  readonly retryAfterMs: number;
}

/**
 * The circuit breaker state machine, usable on its own. A call asks {@link Breaker.acquire} for a
 * permit (an epoch number, 0 when refused) and settles it with {@link Breaker.onSuccess} or
 * {@link Breaker.onError}. Every transition starts a new epoch, so outcomes of calls admitted
 * before it never count toward the new state; in half-open this is what keeps the probe count
 * exact. Open → half-open happens on the first call after the open duration: no timer.
 *
 * @example
 * ```ts
 * const breaker = createBreaker({ window: 'consecutive', consecutiveFailures: 3 }, { name: 'db' });
 * const rows = await breaker.execute(() => db.query(sql));
 * ```
 */
export class Breaker {
  readonly name: string;
  readonly key: string | undefined;
  readonly counters: BreakerCounters;
  readonly #config: BreakerConfig;
  readonly #clock: Clock;
  readonly #window: OutcomeWindow;
  readonly #onTransition: BreakerEnvironment['onTransition'];
  readonly #timed: boolean;
  readonly #probeFailureLimit: number;
  readonly #probeSlowLimit: number;
  #state: BreakerState = 'CLOSED';
  #epoch = 1;
  #openUntil = 0;
  #openCount = 0;
  #halfOpenSince = 0;
  #probesLeft = 0;
  #probeCalls = 0;
  #probeFailures = 0;
  #probeSlow = 0;
  #refusal: CircuitOpenError | undefined;
  /** Settles an untimed permit of the current epoch when a promise fulfils (no per-call closure). */
  onFulfilled!: (value: unknown) => unknown;
  /** Settles an untimed permit of the current epoch when a promise rejects, then rethrows. */
  onRejected!: (error: unknown) => never;

  constructor(config: BreakerConfig, environment: BreakerEnvironment) {
    this.name = environment.name;
    this.key = environment.key;
    this.counters = environment.counters ?? new BreakerCounters();
    this.#config = config;
    this.#clock = environment.clock;
    this.#window = createOutcomeWindow(config);
    this.#onTransition = environment.onTransition;
    this.#timed = config.slowCallDuration !== undefined;
    const probes = config.halfOpenProbes;
    const consecutive = config.window === 'consecutive';
    this.#probeFailureLimit = consecutive
      ? 1
      : Math.ceil((config.failureRateThreshold * probes) / 100);
    this.#probeSlowLimit = consecutive
      ? 1
      : Math.ceil((config.slowCallRateThreshold * probes) / 100);
    // Starting in a state is not a transition: no event, no count.
    this.#state = environment.initialState ?? config.initialState;
    this.#bindHandlers();
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

  /** A permit for one call: the current epoch, or 0 when the call must be refused. */
  acquire(): number {
    const state = this.#state;
    if (state === 'CLOSED' || state === 'METRICS_ONLY' || state === 'DISABLED') return this.#epoch;
    if (state === 'OPEN') {
      const now = this.#clock.now();
      if (now >= this.#openUntil) this.#transition('HALF_OPEN', now);
    }
    if (this.#state === 'HALF_OPEN') {
      if (this.#probesLeft > 0) {
        this.#probesLeft--;
        return this.#epoch;
      }
      const now = this.#clock.now();
      if (now - this.#halfOpenSince >= this.#config.halfOpenMaxWait) this.#open(now);
    }
    this.counters.notPermitted++;
    return 0;
  }

  /** The error a refused call fails with: built once per state, then copied cheaply. */
  rejection(): CircuitOpenError {
    const retryAfterMs = this.retryAfterMs;
    this.#refusal ??= new CircuitOpenError(this.name, this.key, this.#state, retryAfterMs);
    return refusalFrom(this.#refusal, retryAfterMs);
  }

  /** Clock time to pass as `startedAt`, or 0 when the breaker does not time calls. */
  startTime(): number {
    return this.#timed ? this.#clock.now() : 0;
  }

  /** Settles a permit whose call succeeded. */
  onSuccess(epoch: number, startedAt: number): void {
    if (this.#state !== 'DISABLED') this.#record(epoch, false, startedAt);
  }

  /** Settles a permit whose call failed; `recordOn`/`ignore` decide how it counts. */
  onError(epoch: number, error: unknown, startedAt: number): void {
    if (this.#state === 'DISABLED') return;
    const verdict = classifyError(this.#config, error);
    if (verdict === 'ignored') {
      this.counters.ignored++;
      // An ignored probe hands its permit back, so half-open can never run out of probes.
      if (epoch === this.#epoch && this.#state === 'HALF_OPEN') this.#probesLeft++;
      return;
    }
    this.#record(epoch, verdict === 'failure', startedAt);
  }

  /** Puts the breaker in a state by hand (operators, options, hydration). */
  transitionTo(state: ManualBreakerState): void {
    if (state === this.#state) return;
    if (state === 'CLOSED') this.#openCount = 0;
    this.#transition(state, 0);
  }

  /** Back to CLOSED with an empty window and no backoff history. */
  reset(): void {
    this.#openCount = 0;
    if (this.#state === 'CLOSED') this.#newEpoch();
    else this.#transition('CLOSED', 0);
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
      this.#transition('OPEN', now);
      this.#openUntil = now + snapshot.retryAfterMs;
    } else if (snapshot.state === 'HALF_OPEN') {
      this.#transition('HALF_OPEN', this.#clock.now());
    } else {
      this.#transition(snapshot.state, 0);
    }
  }

  /**
   * Runs `fn` under the breaker (for use without decorators).
   *
   * @throws CircuitOpenError when the circuit refuses the call.
   */
  async execute<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    const epoch = this.acquire();
    if (epoch === 0) throw this.rejection();
    const startedAt = this.startTime();
    try {
      const value = await fn();
      this.onSuccess(epoch, startedAt);
      return value;
    } catch (error) {
      this.onError(epoch, error, startedAt);
      throw error;
    }
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
      if (this.#window.record(failed, slow, now)) this.#open(needsNow ? now : this.#clock.now());
    } else if (state === 'METRICS_ONLY') {
      this.#window.record(failed, slow, now);
    } else if (state === 'HALF_OPEN') {
      this.#recordProbe(failed, slow);
    }
  }

  #recordProbe(failed: boolean, slow: boolean): void {
    this.#probeCalls++;
    if (failed) this.#probeFailures++;
    if (slow) this.#probeSlow++;
    if (this.#probeFailures >= this.#probeFailureLimit || this.#probeSlow >= this.#probeSlowLimit) {
      this.#open(this.#clock.now());
    } else if (this.#probeCalls >= this.#config.halfOpenProbes) {
      this.#openCount = 0;
      this.#transition('CLOSED', 0);
    }
  }

  #open(now: number): void {
    this.#openCount++;
    this.#transition('OPEN', now);
  }

  #transition(to: BreakerState, now: number): void {
    const from = this.#state;
    this.#state = to;
    this.#newEpoch();
    if (to === 'OPEN') {
      this.#openUntil =
        now + openDurationFor(this.#config.openDuration, Math.max(1, this.#openCount));
    } else if (to === 'HALF_OPEN') {
      this.#halfOpenSince = now;
      this.#probesLeft = this.#config.halfOpenProbes;
      this.#probeCalls = 0;
      this.#probeFailures = 0;
      this.#probeSlow = 0;
    }
    if (from === to) return;
    this.counters.transitions[to]++;
    this.#onTransition?.(this, from, to);
  }

  #newEpoch(): void {
    this.#epoch++;
    this.#refusal = undefined;
    this.#window.reset();
    this.#bindHandlers();
  }

  #bindHandlers(): void {
    const epoch = this.#epoch;
    this.onFulfilled = (value) => {
      this.onSuccess(epoch, 0);
      return value;
    };
    this.onRejected = (error) => {
      this.onError(epoch, error, 0);
      throw error;
    };
  }
}
