import type { Invocation, Next } from '@ballast/core';
import type { Breaker } from '../circuit-breaker/Breaker.js';
import { Rejection } from '../retry/Rejection.js';
import type { RetryAdvice } from '../retry/RetryAdvice.js';
import { capture, capturedReject, capturedResolve } from '../timeout/capture.js';
import { TimeoutCall, type TimeoutOwner } from '../timeout/TimeoutCall.js';
import type { TimeoutError } from '../timeout/TimeoutError.js';

/** What a call needs from its pipeline: the attempt function later retry attempts run. */
export interface PipelineOwner {
  /** The breaker-and-timeout part alone, as a `Next` for retry runs (see `ResiliencePipeline`). */
  innerFor(next: Next): Next;
}

/**
 * One attempt of a fused Retry + CircuitBreaker + Timeout pipeline: the timed call (queue node,
 * cancellation) that also settles the breaker permit and the retry's first-attempt bookkeeping,
 * in the order the layered aspects would: the timeout's verdict, then the breaker, then the retry.
 *
 * Cooperative (and untimed) calls settle in one reaction on the method's promise. An aggressive
 * call must also settle when its deadline passes, in the caller's async context (the retry reads
 * the deadline and binds its next attempt to it), while the deadline fires in the scheduler's:
 * so the method's outcome is forwarded, without closures, into a promise the deadline can reject,
 * and the caller gets one reaction on that promise, created in the caller's context.
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
  readonly #aggressive: boolean;
  #rejectAtDeadline: ((error: unknown) => void) | undefined;

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
    this.#aggressive = timeout.aggressive;
  }

  override follow(result: PromiseLike<unknown>): unknown {
    if (!this.#aggressive) return super.follow(result);
    const timed = new Promise(capture);
    this.#rejectAtDeadline = capturedReject;
    result.then(capturedResolve, capturedReject);
    // Whatever settles `timed` first wins: the method's outcome, or the TimeoutError at the
    // deadline (then the method's late outcome is dropped, as layered).
    return timed.then(
      (value) => {
        this.settleTiming();
        return this.deliver(value, false);
      },
      (error: unknown) => {
        this.settleTiming();
        return this.deliver(error, true);
      },
    );
  }

  protected override expired(error: TimeoutError): void {
    this.#rejectAtDeadline!(error);
  }

  protected override deliver(payload: unknown, isError: boolean): unknown {
    const retry = this.#retry;
    if (isError) {
      this.#breaker?.onError(this.#epoch, payload, this.#startedAt);
      return retry === undefined
        ? new Rejection(payload)
        : retry.afterFirstFailure(this.#invocation, this.#owner.innerFor(this.#next), this.#retryStartedAt, payload, true);
    }
    this.#breaker?.onSuccess(this.#epoch, this.#startedAt);
    return retry === undefined
      ? payload
      : retry.afterFirstValue(this.#invocation, this.#owner.innerFor(this.#next), this.#retryStartedAt, payload, true);
  }
}
