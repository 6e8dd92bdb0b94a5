import type { Cancellation, ScheduledTask } from '@ballast/core';
import { capture, capturedReject, capturedResolve } from './capture.js';
import { TimeoutError } from './TimeoutError.js';
import type { QueuedCall, TimeoutQueue } from './TimeoutQueue.js';
import type { TimeoutStatistics } from './TimeoutStatistics.js';

/** What a call needs from its policy. */
export interface TimeoutOwner {
  readonly name: string;
  readonly statistics: TimeoutStatistics;
  readonly aggressive: boolean;
  readonly queue: TimeoutQueue;
  onExpired(timeoutMs: number): void;
}

const PENDING = 0;
const SETTLED = 1;
const EXPIRED = 2;

/**
 * One timed call. It is also the call context's `cancellation`: the `AbortController` behind
 * `signal` exists only if the method asks for it, and is aborted only when the call expires.
 */
export class TimeoutCall implements QueuedCall, Cancellation {
  previousInQueue: QueuedCall | undefined;
  nextInQueue: QueuedCall | undefined;
  readonly deadline: number;
  readonly #owner: TimeoutOwner;
  readonly #limitMs: number;
  #state = PENDING;
  #queued = false;
  #task: ScheduledTask | undefined;
  #controller: AbortController | undefined;
  #resolve: ((value: unknown) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  constructor(owner: TimeoutOwner, deadline: number, limitMs: number) {
    this.#owner = owner;
    this.deadline = deadline;
    this.#limitMs = limitMs;
  }

  /** The call's abort signal, created on first access; aborted with the `TimeoutError` on expiry. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#state === EXPIRED) this.#controller.abort(new TimeoutError(this.#owner.name, this.#limitMs));
    }
    return this.#controller.signal;
  }

  /**
   * Starts the clock: in the policy's queue, or alone when the deadline came from outside
   * (`shortened`) or would break the queue's deadline order.
   */
  startTiming(scheduler: { schedule(ms: number, callback: () => void): ScheduledTask }, now: number, shortened: boolean): void {
    if (shortened || !this.#owner.queue.accepts(this.deadline)) {
      this.#task = scheduler.schedule(this.deadline - now, () => this.expire());
    } else {
      this.#owner.queue.append(this, now);
      this.#queued = true;
    }
  }

  /** Follows the method's promise; returns what the caller awaits. */
  follow(result: PromiseLike<unknown>): unknown {
    // Inline handlers rather than per-instance arrow fields: a class-field arrow costs more to
    // create (and tsx/esbuild's keepNames adds a defineProperty per instance).
    if (!this.#owner.aggressive) {
      return result.then(
        (value) => this.#onFulfilled(value),
        (error: unknown) => this.#onRejected(error),
      );
    }
    const promise = new Promise(capture);
    this.#resolve = capturedResolve;
    this.#reject = capturedReject;
    result.then(
      (value) => this.#onFulfilled(value),
      (error: unknown) => this.#onRejected(error),
    );
    return promise;
  }

  /** Stops timing a call that settled without going through {@link TimeoutCall.follow}. */
  finish(): void {
    this.settleTiming();
  }

  expire(): void {
    if (this.#state !== PENDING) return;
    this.#state = EXPIRED;
    this.#task = undefined;
    this.#queued = false;
    this.#owner.onExpired(this.#limitMs);
    if (this.#controller === undefined && !this.#owner.aggressive) return;
    const error = new TimeoutError(this.#owner.name, this.#limitMs);
    this.#controller?.abort(error);
    if (this.#owner.aggressive) this.expired(error);
  }

  /**
   * Stops timing a call whose outcome arrived; false when it had already settled or expired.
   * For subclasses that follow the method's promise their own way.
   */
  protected settleTiming(): boolean {
    if (this.#state !== PENDING) return false;
    this.#state = SETTLED;
    this.#stopTiming();
    return true;
  }

  /**
   * Hands on what the timed call came to (a value, or an error when `isError`): settles the
   * caller's promise in aggressive mode, else becomes the outcome of the reaction. A fused
   * pipeline overrides it to settle its breaker and retry first.
   */
  protected deliver(payload: unknown, isError: boolean): unknown {
    if (this.#reject !== undefined) {
      if (isError) this.#reject(payload);
      else this.#resolve!(payload);
      return undefined;
    }
    if (isError) throw payload;
    return payload;
  }

  /** Rejects an aggressive call's caller at the deadline (runs in the scheduler's callback). */
  protected expired(error: TimeoutError): void {
    this.#reject!(error);
  }

  #onFulfilled(value: unknown): unknown {
    if (this.settleTiming()) return this.deliver(value, false);
    // Expired: an aggressive caller already has its TimeoutError; a cooperative one gets the late value.
    return this.#reject === undefined ? this.deliver(value, false) : undefined;
  }

  #onRejected(error: unknown): unknown {
    // Aggressive mode returns instead of throwing: the promise `then` derives is not observed.
    if (this.settleTiming()) return this.deliver(error, true);
    if (this.#reject !== undefined) return undefined; // the caller already got its TimeoutError
    return this.deliver(new TimeoutError(this.#owner.name, this.#limitMs, error), true);
  }

  #stopTiming(): void {
    if (this.#queued) {
      this.#queued = false;
      this.#owner.queue.remove(this);
    } else if (this.#task !== undefined) {
      this.#task.cancel();
      this.#task = undefined;
    }
  }
}
