import { AsyncResource } from 'node:async_hooks';
import { type Invocation, isThenable, type Next, type ScheduledTask } from '@ballast/core';
import type { RetryAdvice } from './RetryAdvice.js';
import type { WaitingRetry } from './RetryWaits.js';

/**
 * One call after its first failure: decides, waits on the runtime's scheduler and attempts
 * again until success or give-up. Only failing calls pay for this object.
 */
export class RetryRun implements WaitingRetry {
  readonly #advice: RetryAdvice;
  readonly #invocation: Invocation;
  readonly #next: Next;
  readonly #startedAt: number;
  #attempt = 1;
  #previousDelay = 0;
  #task: ScheduledTask | undefined;
  #resume: (() => void) | undefined;
  #resolve: (value: unknown) => void = () => {};
  #reject: (error: unknown) => void = () => {};

  constructor(advice: RetryAdvice, invocation: Invocation, next: Next, startedAt: number) {
    this.#advice = advice;
    this.#invocation = invocation;
    this.#next = next;
    this.#startedAt = startedAt;
  }

  /** Continues after the first attempt failed; `async` when its result was a promise. */
  afterFailure(error: unknown, async: boolean): unknown {
    return async ? this.#promise(() => this.#onFailure(error)) : this.#loop(true, error);
  }

  /** Continues after the first attempt returned `value` (checked against `retryOnResult`). */
  afterResult(value: unknown, async: boolean): unknown {
    return async ? this.#promise(() => this.#onResult(value)) : this.#loop(false, value);
  }

  abandon(error: unknown): void {
    this.#task?.cancel();
    this.#task = undefined;
    this.#advice.countFailure(this.#attempt);
    this.#reject(error);
  }

  #promise(start: () => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      start();
    });
  }

  // Synchronous outcomes retry in place while the delay is 0 (a sync method stays sync); the
  // first non-zero delay switches to a promise.
  #loop(isError: boolean, payload: unknown): unknown {
    const advice = this.#advice;
    for (;;) {
      if (!isError && !advice.wantsRetry(payload)) {
        advice.countSuccess(this.#attempt);
        return payload;
      }
      const decision = this.#decide(isError ? payload : undefined, !isError);
      if (typeof decision !== 'number') {
        if (isError) throw advice.giveUp(this.#attempt, decision, payload);
        advice.countFailure(this.#attempt);
        return payload;
      }
      if (decision > 0) return this.#promise(() => this.#wait(decision));
      try {
        payload = this.#attemptAgain();
        isError = false;
      } catch (error) {
        payload = error;
        isError = true;
        continue;
      }
      if (isThenable(payload)) {
        const pending = payload;
        return this.#promise(() => this.#follow(pending));
      }
    }
  }

  #decide(error: unknown, isResult: boolean): ReturnType<RetryAdvice['decide']> {
    return this.#advice.decide(
      this.#attempt,
      this.#previousDelay,
      this.#startedAt,
      error,
      isResult,
    );
  }

  #onFailure(error: unknown): void {
    const decision = this.#decide(error, false);
    if (typeof decision === 'number') this.#wait(decision);
    else this.#reject(this.#advice.giveUp(this.#attempt, decision, error));
  }

  #onResult(value: unknown): void {
    const advice = this.#advice;
    if (!advice.wantsRetry(value)) {
      advice.countSuccess(this.#attempt);
      this.#resolve(value);
      return;
    }
    const decision = this.#decide(undefined, true);
    if (typeof decision === 'number') {
      this.#wait(decision);
      return;
    }
    advice.countFailure(this.#attempt);
    this.#resolve(value);
  }

  #wait(delay: number): void {
    this.#previousDelay = delay;
    // The scheduler fires in whatever context armed its timer; bind the next attempt to this
    // call's context so it keeps its deadline, user and request id.
    this.#resume ??= AsyncResource.bind(() => this.#resumeNow());
    try {
      this.#task = this.#advice.runtime.scheduler.schedule(delay, this.#resume, true);
    } catch (error) {
      this.abandon(error);
      return;
    }
    this.#advice.waits.add(this);
  }

  #resumeNow(): void {
    this.#advice.waits.delete(this);
    this.#task = undefined;
    let result: unknown;
    try {
      result = this.#attemptAgain();
    } catch (error) {
      this.#onFailure(error);
      return;
    }
    if (isThenable(result)) this.#follow(result);
    else this.#onResult(result);
  }

  #follow(result: PromiseLike<unknown>): void {
    result.then(
      (value) => this.#onResult(value),
      (error: unknown) => this.#onFailure(error),
    );
  }

  #attemptAgain(): unknown {
    this.#attempt++;
    this.#invocation.attempt = this.#attempt;
    return this.#advice.call(this.#invocation, this.#next);
  }
}
