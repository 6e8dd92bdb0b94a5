import { AsyncResource } from 'node:async_hooks';
import {
  type Cancellation,
  currentContext,
  Invocation,
  isThenable,
  type Next,
  observe,
  type Outcome,
  runInContext,
  type ScheduledTask,
  type Settler,
} from '@ballast/core';
import type { HedgeAdvice } from './HedgeAdvice.js';

/**
 * One attempt of a hedged call: its own invocation (inner aspects time, permit and settle it on
 * their own) and its own signal, aborted when another attempt answers first or the caller
 * cancels. It is also the call context's `cancellation`, so `currentSignal()` gives the method
 * this attempt's signal.
 */
class Attempt implements Cancellation {
  readonly controller = new AbortController();
  readonly invocation: Invocation;
  pending = true;

  constructor(
    readonly hedge: number,
    parent: Invocation,
    readonly startedAt: number,
  ) {
    this.invocation = new Invocation(parent.instance, parent.args, parent.target);
    this.invocation.signal = this.controller.signal;
    this.invocation.attempt = parent.attempt;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }
}

/**
 * One call under `@Hedge`: the first attempt runs at once; while every attempt is still pending,
 * another is sent after the delay (up to `maxHedged`, each taking one retry from the budget).
 * The first attempt to answer with a value wins and the others are cancelled through their
 * signals. A failed attempt does not end the race while others are pending; when every attempt
 * has failed the call fails with the first attempt's error, so hedging changes when a caller
 * hears back, never what it hears. Later attempts run in the caller's async context (deadline,
 * user, request id, trace).
 */
export class HedgeCall implements Settler<Attempt> {
  readonly #owner: HedgeAdvice;
  readonly #parent: Invocation;
  readonly #next: Next;
  readonly #attempts: Attempt[] = [];
  #startedAt = 0;
  #pending = 0;
  #settled = false;
  /** The failure of the earliest attempt that failed so far. */
  #failure: { readonly error: unknown; readonly hedge: number } | undefined;
  #delayMs = 0;
  #task: ScheduledTask | undefined;
  #resource: AsyncResource | undefined;
  #resolve: (value: unknown) => void = () => {};
  #reject: (error: unknown) => void = () => {};
  #onCallerAbort: (() => void) | undefined;

  constructor(owner: HedgeAdvice, parent: Invocation, next: Next) {
    this.#owner = owner;
    this.#parent = parent;
    this.#next = next;
  }

  /**
   * Runs the first attempt. A synchronous throw or a plain value is returned as it is (the
   * kernel refuses a synchronous method under an aspect that needs time); a promise starts the
   * race.
   */
  start(): unknown {
    const owner = this.#owner;
    const now = owner.runtime.clock.now();
    this.#startedAt = now;
    const primary = new Attempt(0, this.#parent, now);
    const result = this.#run(primary);
    if (!isThenable(result)) return result;
    const promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#follow(primary, result);
    this.#resource = new AsyncResource('ballast.Hedge');
    this.#delayMs = owner.delayMs(now);
    this.#schedule();
    const signal = this.#parent.signal;
    if (signal !== undefined) {
      this.#onCallerAbort = () => this.#cancel(signal.reason);
      signal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
    return promise;
  }

  /** @internal an attempt settled (a `Settler`). */
  settle(outcome: Outcome, attempt: Attempt): void {
    if (!attempt.pending) return; // a loser that ended after it was cancelled
    attempt.pending = false;
    this.#pending--;
    if (this.#settled) return;
    if (outcome.ok) {
      const now = this.#owner.runtime.clock.now();
      this.#owner.recordDuration(now - attempt.startedAt, now);
      this.#win(attempt, outcome.value, now);
      return;
    }
    this.#noteFailure(attempt, outcome.value);
    if (this.#pending === 0) this.#fail();
  }

  #noteFailure(attempt: Attempt, error: unknown): void {
    if (this.#failure === undefined || attempt.hedge < this.#failure.hedge)
      this.#failure = { error, hedge: attempt.hedge };
  }

  #run(attempt: Attempt): unknown {
    if (currentContext() !== undefined || this.#owner.startsContext)
      return runInContext(
        { signal: attempt.signal, cancellation: attempt },
        this.#next,
        attempt.invocation,
      );
    return this.#next(attempt.invocation);
  }

  #follow(attempt: Attempt, result: PromiseLike<unknown>): void {
    this.#attempts.push(attempt);
    this.#pending++;
    observe(attempt.invocation, result, this, attempt).listen();
  }

  #schedule(): void {
    const owner = this.#owner;
    if (this.#attempts.length > owner.maxHedged) return;
    this.#task = owner.runtime.scheduler.schedule(
      this.#delayMs,
      () => this.#resource!.runInAsyncScope(this.#fire, this),
      true,
    );
  }

  #fire(): void {
    this.#task = undefined;
    const owner = this.#owner;
    if (this.#settled || !owner.tryHedge()) return;
    const hedge = this.#attempts.length;
    owner.onFired(hedge, this.#delayMs);
    const attempt = new Attempt(hedge, this.#parent, owner.runtime.clock.now());
    let result: unknown;
    try {
      result = this.#run(attempt);
    } catch (error) {
      this.#attempts.push(attempt);
      attempt.pending = false;
      this.#noteFailure(attempt, error);
      if (this.#pending === 0) this.#fail();
      else this.#schedule();
      return;
    }
    if (isThenable(result)) this.#follow(attempt, result);
    else {
      this.#attempts.push(attempt);
      attempt.pending = false;
      this.#win(attempt, result, owner.runtime.clock.now());
      return;
    }
    this.#schedule();
  }

  #win(winner: Attempt, value: unknown, now: number): void {
    this.#end();
    const owner = this.#owner;
    for (const attempt of this.#attempts) {
      if (!attempt.pending) continue;
      // A loser's duration is at least this long: counting it keeps the slow tail in the
      // percentile even though the loser never answers.
      owner.recordDuration(now - attempt.startedAt, now);
      owner.statistics.losersCancelled++;
      attempt.controller.abort(owner.loserReason);
    }
    if (winner.hedge > 0) owner.onWon(winner.hedge, now - this.#startedAt);
    this.#resolve(value);
  }

  #fail(): void {
    this.#end();
    this.#reject(this.#failure!.error);
  }

  #cancel(reason: unknown): void {
    if (this.#settled) return;
    this.#end();
    const error = this.#owner.cancelled(reason);
    for (const attempt of this.#attempts) if (attempt.pending) attempt.controller.abort(error);
    this.#reject(error);
  }

  /** Ends the race: no further hedge, no listener left on the caller's signal. */
  #end(): void {
    this.#settled = true;
    this.#task?.cancel();
    this.#task = undefined;
    if (this.#onCallerAbort !== undefined) {
      this.#parent.signal!.removeEventListener('abort', this.#onCallerAbort);
      this.#onCallerAbort = undefined;
    }
  }
}
