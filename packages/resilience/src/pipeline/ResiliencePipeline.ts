import {
  type CallContext,
  currentContext,
  type Invocation,
  isThenable,
  type Next,
  runInContext,
} from '@ballast/core';
import type { Breaker } from '../circuit-breaker/Breaker.js';
import type { BreakerGroup } from '../circuit-breaker/BreakerGroup.js';
import { Rejection } from '../retry/Rejection.js';
import { ACTIVE_RETRY, type RetryAdvice } from '../retry/RetryAdvice.js';
import type { TimeoutAdvice } from '../timeout/TimeoutAdvice.js';
import type { TimeoutCall } from '../timeout/TimeoutCall.js';
import { TimeoutError } from '../timeout/TimeoutError.js';

/** The parts of a fused pipeline, built by the aspects' own classes (any two or all three). */
export interface PipelineParts {
  readonly retry: RetryAdvice | undefined;
  readonly breakers: BreakerGroup | undefined;
  readonly timeout: TimeoutAdvice | undefined;
}

/**
 * Retry ( CircuitBreaker ( Timeout ( method ))) as one advice. Per attempt it takes a breaker
 * permit, times the attempt and calls the method in one context entry (only when the call has a
 * context or a policy starts one); then one reaction, created in the caller's context, settles
 * the timeout, the breaker permit and the retry's first-attempt bookkeeping, in the layered
 * order. Failures hand over to the retry's own `RetryRun`, whose later attempts run the
 * breaker-and-timeout part alone, exactly like the layered aspects.
 *
 * The reaction's handlers are two closures: measured, they cost far less than a per-call
 * object carrying the same state. An aggressive timeout adds the one promise the deadline can
 * reject ({@link TimeoutCall.race}).
 */
export class ResiliencePipeline {
  readonly #retry: RetryAdvice | undefined;
  readonly #breakers: BreakerGroup | undefined;
  readonly #timeout: TimeoutAdvice | undefined;
  #lastNext: Next | undefined;
  #lastInner: Next | undefined;

  constructor(parts: PipelineParts) {
    this.#retry = parts.retry;
    this.#breakers = parts.breakers;
    this.#timeout = parts.timeout;
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const context = currentContext();
    const retry = this.#retry;
    if (retry === undefined || retry.yieldsTo(context))
      return this.#attempt(invocation, next, context, undefined, 0);
    const startedAt = retry.start();
    let result: unknown;
    try {
      result = this.#attempt(invocation, next, context, retry, startedAt);
    } catch (error) {
      return retry.afterFirstFailure(invocation, this.innerFor(next), startedAt, error, false);
    }
    // A promise already carries the retry's bookkeeping; a plain value is judged here, as layered.
    return isThenable(result)
      ? result
      : retry.afterFirstValue(invocation, this.innerFor(next), startedAt, result, false);
  };

  /** The breaker-and-timeout part alone, for the retry run's later attempts (one function per `next`). */
  innerFor(next: Next): Next {
    if (next !== this.#lastNext) {
      this.#lastNext = next;
      this.#lastInner = (invocation) =>
        this.#attempt(invocation, next, currentContext(), undefined, 0);
    }
    return this.#lastInner!;
  }

  // One attempt. `retry` is set on a first attempt the retry folds into: the attempt is marked
  // for nested methods and its reaction settles the retry's bookkeeping too. Sync throws and
  // plain values come back raw (after the breaker settled) for the caller to judge.
  #attempt(
    invocation: Invocation,
    next: Next,
    context: CallContext | undefined,
    retry: RetryAdvice | undefined,
    retryStartedAt: number,
  ): unknown {
    let breaker: Breaker | undefined;
    let epoch = 0;
    let startedAt = 0;
    if (this.#breakers !== undefined) {
      breaker = this.#breakers.breakerFor(invocation.args);
      epoch = breaker.acquire();
      if (epoch === 0) return this.#refuse(breaker, invocation, next, retry, retryStartedAt);
      startedAt = breaker.startTime();
    }
    const timeout = this.#timeout;
    if (timeout === undefined) {
      let result: unknown;
      try {
        result =
          retry === undefined ? next(invocation) : retry.attemptIn(context, next, invocation);
      } catch (error) {
        breaker?.onError(epoch, error, startedAt);
        throw error;
      }
      if (isThenable(result))
        return this.#settle(
          result,
          undefined,
          breaker,
          epoch,
          startedAt,
          invocation,
          next,
          retry,
          retryStartedAt,
        );
      breaker?.onSuccess(epoch, startedAt);
      return result;
    }
    // What the layered timeout would turn into a rejection (a sync throw, a disposed runtime,
    // a caller's deadline already passed) comes back as a rejected promise.
    let call: TimeoutCall | undefined;
    let result: unknown;
    try {
      call = timeout.startCall(context?.deadline);
      result =
        call === undefined
          ? Promise.reject(new TimeoutError(timeout.name, 0))
          : this.#call(call, timeout, invocation, next, context, retry);
    } catch (error) {
      result = Promise.reject(error);
    }
    if (isThenable(result))
      return this.#settle(
        result,
        call,
        breaker,
        epoch,
        startedAt,
        invocation,
        next,
        retry,
        retryStartedAt,
      );
    call?.settle();
    breaker?.onSuccess(epoch, startedAt);
    return result;
  }

  // Calls the method with the deadline (and the retry's mark) in one context entry.
  #call(
    call: TimeoutCall,
    timeout: TimeoutAdvice,
    invocation: Invocation,
    next: Next,
    context: CallContext | undefined,
    retry: RetryAdvice | undefined,
  ): unknown {
    const deadline = call.deadline;
    if (retry !== undefined && retry.entersContext(context)) {
      return retry.runAttempt(
        { [ACTIVE_RETRY]: true, deadline, cancellation: call },
        next,
        invocation,
      );
    }
    const patch =
      context !== undefined || timeout.startsContext ? { deadline, cancellation: call } : undefined;
    if (retry !== undefined) return retry.runAttempt(patch, next, invocation);
    return patch === undefined ? next(invocation) : runInContext(patch, next, invocation);
  }

  // The one reaction of an attempt: the timeout's verdict, then the breaker, then the retry.
  #settle(
    result: PromiseLike<unknown>,
    call: TimeoutCall | undefined,
    breaker: Breaker | undefined,
    epoch: number,
    startedAt: number,
    invocation: Invocation,
    next: Next,
    retry: RetryAdvice | undefined,
    retryStartedAt: number,
  ): unknown {
    const timed = call !== undefined && this.#timeout!.aggressive ? call.race(result) : result;
    return timed.then(
      (value) => {
        call?.settle();
        breaker?.onSuccess(epoch, startedAt);
        return retry === undefined
          ? value
          : retry.afterFirstValue(invocation, this.innerFor(next), retryStartedAt, value, true);
      },
      (error: unknown) => {
        const failure = call === undefined ? error : call.failureFor(error);
        breaker?.onError(epoch, failure, startedAt);
        return retry === undefined
          ? new Rejection(failure)
          : retry.afterFirstFailure(invocation, this.innerFor(next), retryStartedAt, failure, true);
      },
    );
  }

  // The breaker refused: a rejection that costs no throw and no unhandled-rejection bookkeeping
  // (the caller has attached its handler before the thenable settles the promise). A retry
  // judges the refusal in a reaction, as it would layered.
  #refuse(
    breaker: Breaker,
    invocation: Invocation,
    next: Next,
    retry: RetryAdvice | undefined,
    retryStartedAt: number,
  ): Promise<unknown> {
    const error = breaker.rejection();
    if (retry === undefined) return Promise.resolve(new Rejection(error));
    return Promise.resolve(error).then((refusal) =>
      retry.afterFirstFailure(invocation, this.innerFor(next), retryStartedAt, refusal, true),
    );
  }
}
