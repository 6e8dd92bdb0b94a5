import {
  type Cancellation,
  CancelledError,
  type Outcome,
  RuntimeDisposedError,
  type ScheduledTask,
  type Settler,
} from '@ballast/core';
import { TimeoutError } from './TimeoutError.js';
import type { QueuedCall, TimeoutBucket, TimeoutQueue } from './TimeoutQueue.js';

/** What a call needs from its policy. */
export interface TimeoutOwner {
  readonly name: string;
  readonly aggressive: boolean;
  readonly queue: TimeoutQueue;
  /** A pending call reached its deadline; `timeoutMs` is the limit that applied. */
  onExpired(timeoutMs: number): void;
  /** The caller's signal aborted a pending call; returns the error the call ends with. */
  onCancelled(reason: unknown): CancelledError;
}

const PENDING = 0;
const SETTLED = 1;
const EXPIRED = 2;
/** The runtime was disposed while the call was pending. */
const ABANDONED = 3;
/** The caller's signal aborted while the call was pending. */
const CANCELLED = 4;

/**
 * The call whose promise is being made (see {@link TimeoutCall.follow}). The shared executor
 * stores the promise's functions into that young call: storing them into module variables (old
 * memory) would cost a GC write barrier each.
 */
let capturing: TimeoutCall | undefined;

/**
 * One timed call. It is also the call context's `cancellation` (the `AbortController` behind
 * `signal` exists only if the method asks for it) and the settler of the call's outcome. It
 * ends in one of four ways: its outcome arrives in time, the deadline passes, the caller's
 * signal aborts, or the runtime is disposed; whichever comes first wins.
 */
export class TimeoutCall implements QueuedCall, Cancellation, Settler<undefined> {
  bucket: TimeoutBucket | undefined = undefined;
  slot = 0;
  readonly deadline: number;
  readonly #owner: TimeoutOwner;
  readonly #limitMs: number;
  #state = PENDING;
  #task: ScheduledTask | undefined;
  #controller: AbortController | undefined;
  #reject: ((error: unknown) => void) | undefined;
  #resolve: ((value: unknown) => void) | undefined;
  #callerSignal: AbortSignal | undefined;
  #onCallerAbort: (() => void) | undefined;
  #cancelled: CancelledError | undefined;

  /** A shared executor: `new Promise(TimeoutCall.#capture)` allocates no closure. */
  static #capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
    const call = capturing!;
    call.#resolve = resolve;
    call.#reject = reject;
  }

  constructor(owner: TimeoutOwner, deadline: number, limitMs: number) {
    this.#owner = owner;
    this.deadline = deadline;
    this.#limitMs = limitMs;
  }

  /**
   * The method's abort signal, created on first access: aborted at the deadline (with the
   * `TimeoutError`), when the caller's signal aborts (with a `CancelledError`), or when the
   * runtime is disposed first.
   */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      const ended = this.#endError();
      if (ended !== undefined) this.#controller.abort(ended);
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

  /** Ends the call when the caller's `signal` aborts first; the listener goes when it ends. */
  watch(signal: AbortSignal): void {
    this.#callerSignal = signal;
    this.#onCallerAbort = () => this.#cancel(signal.reason);
    signal.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  /**
   * What the caller awaits for the method's `result`: in aggressive mode a promise the deadline
   * (or the caller's signal) can reject before the method settles; in cooperative mode the
   * method's own result.
   */
  follow(result: PromiseLike<unknown>): PromiseLike<unknown> {
    if (!this.#owner.aggressive) return result;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read back by the shared executor
    capturing = this;
    const promise = new Promise(TimeoutCall.#capture);
    capturing = undefined;
    result.then(this.#resolve, this.#reject);
    return promise;
  }

  /**
   * Settles the call's outcome (in the caller's async context, innermost first). In time: stops
   * timing. After the deadline or the caller's abort, a cooperative call's late failure becomes
   * the `TimeoutError` or `CancelledError` (a late value is returned); an aggressive call's
   * outcome already is that error.
   */
  settle(outcome: Outcome): void {
    const state = this.#state;
    if (state === PENDING) {
      this.finish();
      return;
    }
    if (outcome.ok || this.#owner.aggressive || state === ABANDONED) return;
    if (state === EXPIRED)
      outcome.fail(new TimeoutError(this.#owner.name, this.#limitMs, outcome.value));
    else if (!CancelledError.is(outcome.value))
      outcome.fail(new CancelledError(this.#owner.name, outcome.value));
  }

  /** Stops timing a call whose outcome arrived synchronously (or in time). */
  finish(): void {
    if (this.#state !== PENDING) return;
    this.#state = SETTLED;
    this.#stopTiming();
  }

  expire(): void {
    if (this.#state !== PENDING) return;
    this.#state = EXPIRED;
    this.#task = undefined;
    this.#owner.queue.loose.delete(this);
    this.#unwatch();
    this.#owner.onExpired(this.#limitMs);
    this.#end();
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
    this.#unwatch();
    this.#end();
  }

  #cancel(reason: unknown): void {
    if (this.#state !== PENDING) return;
    this.#state = CANCELLED;
    this.#stopTiming();
    this.#cancelled = this.#owner.onCancelled(reason);
    this.#end();
  }

  /** Aborts the method's signal (if it asked for one) and rejects an aggressive caller. */
  #end(): void {
    if (this.#controller === undefined && this.#reject === undefined) return;
    const error = this.#endError();
    this.#controller?.abort(error);
    this.#reject?.(error);
  }

  /** The error a call that ended early ends with; undefined while pending or settled in time. */
  #endError(): Error | undefined {
    if (this.#state === EXPIRED) return new TimeoutError(this.#owner.name, this.#limitMs);
    if (this.#state === ABANDONED) return new RuntimeDisposedError();
    return this.#cancelled;
  }

  #unwatch(): void {
    if (this.#onCallerAbort === undefined) return;
    this.#callerSignal!.removeEventListener('abort', this.#onCallerAbort);
    this.#onCallerAbort = undefined;
    this.#callerSignal = undefined;
  }

  // A pending call is timed either by its own task (see startTiming) or in the queue.
  #stopTiming(): void {
    this.#unwatch();
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
