import { AsyncResource } from 'node:async_hooks';
import type { Invocation, Next } from '@ballast/core';
import type { Breaker } from '../circuit-breaker/Breaker.js';
import { Rejection } from '../retry/Rejection.js';
import type { RetryAdvice } from '../retry/RetryAdvice.js';
import { TimeoutCall, type TimeoutOwner } from '../timeout/TimeoutCall.js';
import type { TimeoutError } from '../timeout/TimeoutError.js';

/** What a call needs from its pipeline: the attempt function later retry attempts run. */
export interface PipelineOwner {
  /** The breaker-and-timeout part alone, as a `Next` for retry runs (see `ResiliencePipeline`). */
  innerFor(next: Next): Next;
}

/**
 * One attempt of a fused Retry + CircuitBreaker + Timeout pipeline: the timed call (queue node,
 * cancellation, controllable promise in aggressive mode) that also settles the breaker permit and
 * the retry's first-attempt bookkeeping when it settles, so the whole pipeline costs one reaction
 * on the method's promise. Outcomes reach the breaker and the retry exactly as they would through
 * the layered aspects: the timeout's verdict first, then the breaker, then the retry.
 */
export class PipelineCall extends TimeoutCall {
  readonly #owner: PipelineOwner;
  readonly #invocation: Invocation;
  readonly #next: Next;
  readonly #breaker: Breaker | undefined;
  readonly #epoch: number;
  readonly #startedAt: number;
  readonly #retry: RetryAdvice | undefined;
  readonly #retryStartedAt: number;
  // The caller's async context, for bookkeeping after an aggressive expiry (which fires in the
  // scheduler's callback, in whatever context armed its timer).
  readonly #scope: AsyncResource | undefined;

  constructor(
    timeout: TimeoutOwner,
    deadline: number,
    limitMs: number,
    owner: PipelineOwner,
    invocation: Invocation,
    next: Next,
    breaker: Breaker | undefined,
    epoch: number,
    startedAt: number,
    retry: RetryAdvice | undefined,
    retryStartedAt: number,
  ) {
    super(timeout, deadline, limitMs);
    this.#owner = owner;
    this.#invocation = invocation;
    this.#next = next;
    this.#breaker = breaker;
    this.#epoch = epoch;
    this.#startedAt = startedAt;
    this.#retry = retry;
    this.#retryStartedAt = retryStartedAt;
    this.#scope = timeout.aggressive ? new AsyncResource('ballast.resilience.pipeline') : undefined;
  }

  protected override deliver(payload: unknown, isError: boolean): unknown {
    const retry = this.#retry;
    let outcome: unknown;
    if (isError) {
      this.#breaker?.onError(this.#epoch, payload, this.#startedAt);
      outcome =
        retry === undefined
          ? new Rejection(payload)
          : retry.afterFirstFailure(this.#invocation, this.#owner.innerFor(this.#next), this.#retryStartedAt, payload, true);
    } else {
      this.#breaker?.onSuccess(this.#epoch, this.#startedAt);
      outcome =
        retry === undefined
          ? payload
          : retry.afterFirstValue(this.#invocation, this.#owner.innerFor(this.#next), this.#retryStartedAt, payload, true);
    }
    return super.deliver(outcome, false);
  }

  // Layered, the breaker and the retry learn of the expiry in promise reactions of the caller's
  // context; here that context is re-entered and the bookkeeping queued in a reaction.
  protected override expired(error: TimeoutError): void {
    this.#scope!.runInAsyncScope(PipelineCall.#deliverSoon, undefined, this, error);
  }

  // A promise reaction keeps the context it was created in (`queueMicrotask` may be faked by test clocks).
  static #deliverSoon(call: PipelineCall, error: TimeoutError): void {
    void Promise.resolve(error).then((timeoutError) => call.deliver(timeoutError, true));
  }
}
