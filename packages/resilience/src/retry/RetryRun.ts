import { AsyncResource } from 'node:async_hooks';
import {
  currentContext,
  type Invocation,
  isThenable,
  type Next,
  observe,
  type Outcome,
  type ScheduledTask,
  type Settler,
} from '@ballast/core';
import type { RetryAdvice, RetryDecision } from './RetryAdvice.js';
import type { WaitingRetry } from './RetryWaits.js';

/**
 * One call after its first attempt failed (or returned an unwanted result): decides, waits on
 * the runtime's scheduler (a zero delay waits for no timer) and attempts again until success or
 * give-up. Only failing calls pay for this object. A caller's signal that aborts stops it: no
 * further attempt, the pending delay cleared.
 */
export class RetryRun implements WaitingRetry, Settler<undefined> {
  readonly #advice: RetryAdvice;
  readonly #invocation: Invocation;
  readonly #next: Next;
  readonly #startedAt: number;
  #previousDelay = 0;
  #task: ScheduledTask | undefined;
  #resume: (() => void) | undefined;
  #onAbort: (() => void) | undefined;
  // Set by the promise the run settles (start, or a sync run that turned async).
  #resolve: ((value: unknown) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  constructor(advice: RetryAdvice, invocation: Invocation, next: Next, startedAt: number) {
    this.#advice = advice;
    this.#invocation = invocation;
    this.#next = next;
    this.#startedAt = startedAt;
  }

  /** Whether and when to retry the attempt that just ended with `payload`. */
  decide(ok: boolean, payload: unknown): RetryDecision {
    return this.#advice.decide(this.#invocation, this.#previousDelay, this.#startedAt, payload, ok);
  }

  /** Waits `delay` ms, then attempts again; the promise settles with the run's outcome. */
  start(delay: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.#wait(delay);
    });
  }

  /**
   * Continues after a synchronous first outcome: retries in place while the delay is 0 (a
   * sync method stays sync); the first non-zero delay or promise switches to a promise.
   */
  afterSyncOutcome(ok: boolean, payload: unknown): unknown {
    const advice = this.#advice;
    for (;;) {
      if (ok && !advice.wantsRetry(payload)) {
        advice.countSuccess(this.#invocation.attempt);
        return payload;
      }
      const decision = this.decide(ok, payload);
      if (typeof decision !== 'number') {
        if (ok) {
          advice.countFailure(this.#invocation.attempt);
          return payload;
        }
        throw advice.giveUp(this.#invocation.attempt, decision, payload);
      }
      if (decision > 0) return this.start(decision);
      this.#previousDelay = 0;
      try {
        payload = this.#attemptAgain();
        ok = true;
      } catch (error) {
        payload = error;
        ok = false;
        continue;
      }
      if (isThenable(payload)) {
        const pending = payload;
        return new Promise((resolve, reject) => {
          this.#resolve = resolve;
          this.#reject = reject;
          this.#follow(pending);
        });
      }
    }
  }

  /** @internal settles a later attempt's outcome (a `Settler`). */
  settle(outcome: Outcome): void {
    this.#onOutcome(outcome.ok, outcome.value);
  }

  abandon(error: unknown): void {
    this.#stopWaiting();
    this.#advice.countFailure(this.#invocation.attempt);
    this.#reject!(error);
  }

  #onOutcome(ok: boolean, payload: unknown): void {
    const advice = this.#advice;
    const attempts = this.#invocation.attempt;
    if (ok && !advice.wantsRetry(payload)) {
      advice.countSuccess(attempts);
      this.#resolve!(payload);
      return;
    }
    const decision = this.decide(ok, payload);
    if (typeof decision === 'number') {
      this.#wait(decision);
    } else if (ok) {
      advice.countFailure(attempts);
      this.#resolve!(payload);
    } else {
      this.#reject!(advice.giveUp(attempts, decision, payload));
    }
  }

  #wait(delay: number): void {
    this.#previousDelay = delay;
    if (delay === 0) {
      this.#attemptNow();
      return;
    }
    const advice = this.#advice;
    // The scheduler fires in whatever context armed its timer; bind the next attempt to this
    // call's context so it keeps its deadline, user and request id.
    this.#resume ??= AsyncResource.bind(() => {
      this.#stopWaiting();
      this.#attemptNow();
    });
    try {
      this.#task = advice.runtime.scheduler.schedule(delay, this.#resume, true);
    } catch (error) {
      this.abandon(error);
      return;
    }
    advice.waits.add(this);
    const signal = this.#invocation.signal;
    if (signal !== undefined) {
      this.#onAbort = () => {
        this.#stopWaiting();
        this.#reject!(advice.cancelled(signal.reason));
      };
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  #stopWaiting(): void {
    this.#task?.cancel();
    this.#task = undefined;
    this.#advice.waits.delete(this);
    if (this.#onAbort !== undefined) {
      this.#invocation.signal!.removeEventListener('abort', this.#onAbort);
      this.#onAbort = undefined;
    }
  }

  // Attempts that throw synchronously retry in this loop while their delay is 0, so a long
  // run of immediate retries never deepens the stack.
  #attemptNow(): void {
    for (;;) {
      let result: unknown;
      try {
        result = this.#attemptAgain();
      } catch (error) {
        const decision = this.decide(false, error);
        this.#previousDelay = 0;
        if (decision === 0) continue;
        if (typeof decision === 'number') this.#wait(decision);
        else this.#reject!(this.#advice.giveUp(this.#invocation.attempt, decision, error));
        return;
      }
      if (isThenable(result)) this.#follow(result);
      else this.#onOutcome(true, result);
      return;
    }
  }

  #follow(result: PromiseLike<unknown>): void {
    observe(this.#invocation, result, this, undefined).listen();
  }

  #attemptAgain(): unknown {
    this.#invocation.attempt++;
    return this.#advice.attempt(currentContext(), this.#next, this.#invocation);
  }
}
