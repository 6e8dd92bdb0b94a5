import { type Cancellation, RuntimeDisposedError, type ScheduledTask } from '@ballast/core';
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
/** The runtime was disposed while the call was pending. */
const ABANDONED = 3;

let capturedResolve: (value: unknown) => void = () => {};
let capturedReject: (error: unknown) => void = () => {};
// A shared executor: `new Promise(capture)` allocates no closure; the functions are read back at once.
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

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
  #task: ScheduledTask | undefined;
  #controller: AbortController | undefined;
  #resolve: ((value: unknown) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  constructor(owner: TimeoutOwner, deadline: number, limitMs: number) {
    this.#owner = owner;
    this.deadline = deadline;
    this.#limitMs = limitMs;
  }

  /**
   * The call's abort signal, created on first access; aborted with the `TimeoutError` on
   * expiry, or a `RuntimeDisposedError` when the runtime is disposed first.
   */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#state === EXPIRED)
        this.#controller.abort(new TimeoutError(this.#owner.name, this.#limitMs));
      else if (this.#state === ABANDONED) this.#controller.abort(new RuntimeDisposedError());
    }
    return this.#controller.signal;
  }

  /**
   * Starts the clock: in the policy's queue, or alone when the deadline came from outside
   * (`shortened`) or would break the queue's deadline order.
   */
  startTiming(
    scheduler: { schedule(ms: number, callback: () => void, keepAlive: boolean): ScheduledTask },
    now: number,
    shortened: boolean,
  ): void {
    if (shortened || !this.#owner.queue.accepts(this.deadline)) {
      this.#task = scheduler.schedule(this.deadline - now, () => this.expire(), true);
      this.#owner.queue.loose.add(this);
    } else {
      this.#owner.queue.append(this, now);
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

  /**
   * Aggressive mode for a caller that reacts to the outcome itself (a fused pipeline, whose
   * reaction must run in the caller's async context): a promise settled by the method's outcome
   * or rejected with the `TimeoutError` at the deadline, whichever comes first. The caller's
   * reaction calls {@link TimeoutCall.settle} and {@link TimeoutCall.failureFor}.
   */
  race(result: PromiseLike<unknown>): Promise<unknown> {
    const promise = new Promise(capture);
    this.#reject = capturedReject;
    result.then(capturedResolve, capturedReject);
    return promise;
  }

  /**
   * Stops timing a call whose outcome arrived (also one that settled without
   * {@link TimeoutCall.follow}); false when it had already settled or expired.
   */
  settle(): boolean {
    if (this.#state !== PENDING) return false;
    this.#state = SETTLED;
    this.#stopTiming();
    return true;
  }

  /**
   * What a rejection reaching a {@link TimeoutCall.race} caller (or a cooperative one) stands
   * for: the method's error while timed; after a cooperative call expired, a `TimeoutError`
   * caused by it; after an aggressive expiry, the `TimeoutError` it already is; after the
   * runtime was disposed, the error as it is.
   */
  failureFor(error: unknown): unknown {
    if (this.settle() || this.#reject !== undefined || this.#state === ABANDONED) return error;
    return new TimeoutError(this.#owner.name, this.#limitMs, error);
  }

  expire(): void {
    if (this.#state !== PENDING) return;
    this.#state = EXPIRED;
    if (this.#task !== undefined) {
      this.#task = undefined;
      this.#owner.queue.loose.delete(this);
    }
    this.#owner.onExpired(this.#limitMs);
    if (this.#controller === undefined && this.#reject === undefined) return;
    const error = new TimeoutError(this.#owner.name, this.#limitMs);
    this.#controller?.abort(error);
    this.#reject?.(error);
  }

  /**
   * Ends a pending call whose runtime is being disposed (its timing is gone with the scheduler):
   * the signal aborts and an aggressive caller gets the `RuntimeDisposedError` at once; a
   * cooperative caller waits for the method, as it would after a deadline.
   */
  abandon(): void {
    if (this.#state !== PENDING) return;
    this.#state = ABANDONED;
    this.#task = undefined;
    if (this.#controller === undefined && this.#reject === undefined) return;
    const error = new RuntimeDisposedError();
    this.#controller?.abort(error);
    this.#reject?.(error);
  }

  #onFulfilled(value: unknown): unknown {
    if (this.settle()) this.#resolve?.(value);
    return value;
  }

  #onRejected(error: unknown): unknown {
    // Aggressive mode returns instead of throwing: the promise `then` derives is not observed.
    const aggressive = this.#reject !== undefined;
    if (this.settle()) {
      if (aggressive) return this.#reject!(error);
      throw error;
    }
    if (aggressive) return undefined; // the caller already got its TimeoutError
    if (this.#state === ABANDONED) throw error;
    throw new TimeoutError(this.#owner.name, this.#limitMs, error);
  }

  // A pending call is timed either by its own task (see startTiming) or in the queue.
  #stopTiming(): void {
    const task = this.#task;
    if (task === undefined) {
      this.#owner.queue.remove(this);
      return;
    }
    task.cancel();
    this.#task = undefined;
    this.#owner.queue.loose.delete(this);
  }
}
