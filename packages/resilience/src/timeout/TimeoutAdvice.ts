import {
  type AdviceTarget,
  type CancelledError,
  currentContext,
  type Invocation,
  isThenable,
  type MethodKind,
  type Next,
  observe,
  runInContext,
  type Runtime,
  RuntimeDisposedError,
} from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
import { runHook } from '../call/runHook.js';
import { type CoarseClock, coarseClock } from '../call/CoarseClock.js';
import { TimeoutCall, type TimeoutOwner } from './TimeoutCall.js';
import { TimeoutError } from './TimeoutError.js';
import type { TimeoutExpiredEvent } from './TimeoutOptions.js';
import { TimeoutQueue } from './TimeoutQueue.js';
import { type TimeoutStatistics, timeoutStatisticsFor } from './TimeoutStatistics.js';

/** Validated timeout options. */
export interface TimeoutPolicy {
  readonly ms: number;
  readonly mode: 'aggressive' | 'cooperative';
  readonly context: 'join' | 'start';
  readonly name: string | undefined;
  readonly onTimeout: ((event: TimeoutExpiredEvent) => void) | undefined;
}

/**
 * The behaviour of `@Timeout` for one woven method. A call costs a coarse clock read, one call
 * object, a slot in its deadline's bucket of the queue, and a context entry carrying its
 * deadline when the call has a context (or `context: 'start'`); no timer of its own, no
 * `AbortController` and no listener unless the method asks for `currentSignal()` or the caller
 * passed a signal.
 */
export class TimeoutAdvice implements TimeoutOwner {
  readonly name: string;
  readonly statistics: TimeoutStatistics;
  readonly aggressive: boolean;
  readonly queue: TimeoutQueue;
  readonly #startsContext: boolean;
  readonly #runtime: Runtime;
  readonly #clock: CoarseClock;
  readonly #ms: number;
  readonly #onTimeout: TimeoutPolicy['onTimeout'];
  readonly #kind: MethodKind;

  constructor(policy: TimeoutPolicy, runtime: Runtime, target: AdviceTarget, kind: MethodKind) {
    this.name = policy.name ?? target.qualifiedName;
    this.statistics = timeoutStatisticsFor(runtime, this.name);
    this.aggressive = policy.mode === 'aggressive';
    this.queue = new TimeoutQueue(runtime);
    this.#runtime = runtime;
    this.#clock = coarseClock(runtime);
    this.#ms = policy.ms;
    this.#startsContext = policy.context === 'start';
    this.#onTimeout = policy.onTimeout;
    this.#kind = kind;
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const signal = invocation.signal;
    if (signal !== undefined && signal.aborted)
      return this.#kind.refuse(this.onCancelled(signal.reason));
    if (this.#runtime.disposed) return this.#kind.refuse(new RuntimeDisposedError());
    const context = currentContext();
    const call = this.#start(context?.deadline);
    if (call === undefined) return this.#kind.refuse(new TimeoutError(this.name, 0));
    if (signal !== undefined) call.watch(signal);
    invocation.cancellation = call;
    let result: unknown;
    try {
      result =
        context !== undefined || this.#startsContext
          ? runInContext({ deadline: call.deadline, cancellation: call }, next, invocation)
          : next(invocation);
    } catch (error) {
      // Only a synchronous method throws through the kernel's links (an async one's throw
      // arrives as a rejection); the kernel answers it the way the method answers.
      call.finish();
      throw error;
    }
    if (!isThenable(result)) {
      call.finish();
      return result;
    }
    return observe(invocation, call.follow(result), call, undefined);
  };

  /**
   * Times one call: its deadline is this policy's limit or the caller's `outer` deadline,
   * whichever is earlier. Undefined (counted as a timeout) when `outer` has already passed,
   * since starting the work could not help the caller.
   */
  #start(outer: number | undefined): TimeoutCall | undefined {
    const now = this.#clock.now();
    let deadline = now + this.#ms;
    const shortened = outer !== undefined && outer < deadline;
    if (shortened) {
      deadline = outer;
      if (deadline <= now) {
        this.onExpired(0);
        return undefined;
      }
    }
    const call = new TimeoutCall(this, deadline, deadline - now);
    call.startTiming(this.#runtime.scheduler, now, shortened);
    return call;
  }

  onExpired(timeoutMs: number): void {
    this.statistics.timeouts++;
    const events = this.#runtime.events;
    if (this.#onTimeout === undefined && !events.has('timeout.expired')) return;
    const event: TimeoutExpiredEvent = { policy: this.name, timeoutMs };
    runHook(this.#onTimeout, event, this.statistics);
    events.emit('timeout.expired', event);
  }

  onCancelled(reason: unknown): CancelledError {
    this.statistics.cancelled++;
    return cancelledError(this.#runtime, 'Timeout', this.name, reason);
  }
}
