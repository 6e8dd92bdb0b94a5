import {
  type CallContext,
  currentContext,
  type Invocation,
  isThenable,
  type Next,
  type Runtime,
} from '@ballast/core';
import type { Breaker } from '../circuit-breaker/Breaker.js';
import type { BreakerGroup } from '../circuit-breaker/BreakerGroup.js';
import { callInContext } from '../retry/callInContext.js';
import { Rejection } from '../retry/Rejection.js';
import { ACTIVE_RETRY, type RetryAdvice } from '../retry/RetryAdvice.js';
import type { TimeoutAdvice } from '../timeout/TimeoutAdvice.js';
import type { TimeoutOwner } from '../timeout/TimeoutCall.js';
import { TimeoutError } from '../timeout/TimeoutError.js';
import { TimeoutQueue } from '../timeout/TimeoutQueue.js';
import { TimeoutStatistics } from '../timeout/TimeoutStatistics.js';
import { PipelineCall, type PipelineOwner } from './PipelineCall.js';

const RETRY_PATCH: CallContext = Object.freeze({ [ACTIVE_RETRY]: true });

/** The parts of a fused pipeline, built by the aspects' own classes (any two or all three). */
export interface PipelineParts {
  readonly retry: RetryAdvice | undefined;
  readonly breakers: BreakerGroup | undefined;
  readonly timeout: TimeoutAdvice | undefined;
}

/** A timeout owner that never times: calls of a pipeline without `@Timeout` only settle. */
function untimed(runtime: Runtime): TimeoutOwner {
  return { name: '', statistics: new TimeoutStatistics(''), aggressive: false, queue: new TimeoutQueue(runtime), onExpired() {} };
}

/**
 * Retry ( CircuitBreaker ( Timeout ( method ))) as one advice. Per attempt it takes a breaker
 * permit, times the attempt and calls the method in one context entry (only when the call has a
 * context or a policy starts one); the timeout's verdict, the breaker's settlement and the
 * retry's first-attempt bookkeeping then run in one reaction on the method's promise (see
 * {@link PipelineCall}). Failures hand over to the retry's own `RetryRun`, whose later attempts
 * run the breaker-and-timeout part alone, exactly like the layered aspects.
 */
export class ResiliencePipeline implements PipelineOwner {
  readonly #retry: RetryAdvice | undefined;
  readonly #breakers: BreakerGroup | undefined;
  readonly #timeout: TimeoutAdvice | undefined;
  readonly #timing: TimeoutOwner;
  readonly #runtime: Runtime;
  #lastNext: Next | undefined;
  #lastInner: Next | undefined;

  constructor(parts: PipelineParts, runtime: Runtime) {
    this.#retry = parts.retry;
    this.#breakers = parts.breakers;
    this.#timeout = parts.timeout;
    this.#timing = parts.timeout ?? untimed(runtime);
    this.#runtime = runtime;
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const context = currentContext();
    const retry = this.#retry;
    if (retry === undefined || retry.yieldsTo(context)) return this.#attempt(invocation, next, context, undefined, 0);
    const startedAt = retry.start();
    let result: unknown;
    try {
      result = this.#attempt(invocation, next, context, retry, startedAt);
    } catch (error) {
      return retry.afterFirstFailure(invocation, this.innerFor(next), startedAt, error, false);
    }
    // A promise already carries the retry's bookkeeping; a plain value is judged here, as layered.
    return isThenable(result) ? result : retry.afterFirstValue(invocation, this.innerFor(next), startedAt, result, false);
  };

  /** The breaker-and-timeout part alone, for the retry run's later attempts (one function per `next`). */
  innerFor(next: Next): Next {
    if (next !== this.#lastNext) {
      this.#lastNext = next;
      this.#lastInner = (invocation) => this.#attempt(invocation, next, currentContext(), undefined, 0);
    }
    return this.#lastInner!;
  }

  // One attempt. `retry` is set on a first attempt the retry folds into: the attempt is marked
  // for nested methods and its promise settles the retry's bookkeeping too. Sync throws and
  // plain values come back raw (after the breaker settled) for the caller to judge.
  #attempt(invocation: Invocation, next: Next, context: CallContext | undefined, retry: RetryAdvice | undefined, retryStartedAt: number): unknown {
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
        result = retry === undefined ? next(invocation) : retry.runAttempt(retry.entersContext(context) ? RETRY_PATCH : undefined, next, invocation);
      } catch (error) {
        breaker?.onError(epoch, error, startedAt);
        throw error;
      }
      if (isThenable(result)) {
        return new PipelineCall(this.#timing, 0, 0, this, invocation, next, breaker, epoch, startedAt, retry, retryStartedAt).follow(result);
      }
      breaker?.onSuccess(epoch, startedAt);
      return result;
    }
    const now = timeout.clock.now();
    let deadline = now + timeout.ms;
    const outer = context?.deadline;
    const shortened = outer !== undefined && outer < deadline;
    if (shortened) deadline = outer;
    const call = new PipelineCall(timeout, deadline, deadline - now, this, invocation, next, breaker, epoch, startedAt, retry, retryStartedAt);
    if (shortened && deadline <= now) {
      // The caller's deadline already passed: starting the work could not help it.
      timeout.onExpired(0);
      return call.follow(Promise.reject(new TimeoutError(timeout.name, 0)));
    }
    try {
      call.startTiming(this.#runtime.scheduler, now, shortened);
    } catch (error) {
      return call.follow(Promise.reject(error)); // the runtime was disposed
    }
    let result: unknown;
    try {
      if (retry !== undefined && retry.entersContext(context)) {
        result = retry.runAttempt({ [ACTIVE_RETRY]: true, deadline, cancellation: call }, next, invocation);
      } else {
        const patch = context !== undefined || timeout.startsContext ? { deadline, cancellation: call } : undefined;
        result = retry === undefined ? (patch === undefined ? next(invocation) : callInContext(patch, next, invocation)) : retry.runAttempt(patch, next, invocation);
      }
    } catch (error) {
      return call.follow(Promise.reject(error));
    }
    if (isThenable(result)) return call.follow(result);
    call.finish();
    breaker?.onSuccess(epoch, startedAt);
    return result;
  }

  // The breaker refused: a rejection that costs no throw and no unhandled-rejection bookkeeping
  // (the caller has attached its handler before the thenable settles the promise). A retry
  // judges the refusal in a reaction, as it would layered.
  #refuse(breaker: Breaker, invocation: Invocation, next: Next, retry: RetryAdvice | undefined, retryStartedAt: number): Promise<unknown> {
    const error = breaker.rejection();
    if (retry === undefined) return Promise.resolve(new Rejection(error));
    return Promise.resolve(error).then((refusal) => retry.afterFirstFailure(invocation, this.innerFor(next), retryStartedAt, refusal, true));
  }
}
