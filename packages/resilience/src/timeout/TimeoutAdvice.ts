import {
  type AdviceTarget,
  currentContext,
  type Invocation,
  isThenable,
  type Next,
  runInContext,
  type Runtime,
} from '@ballast/core';
import { type CoarseClock, coarseClock } from './CoarseClock.js';
import { TimeoutCall, type TimeoutOwner } from './TimeoutCall.js';
import { TimeoutError } from './TimeoutError.js';
import { TimeoutQueue } from './TimeoutQueue.js';
import { type TimeoutStatistics, timeoutStatisticsFor } from './TimeoutStatistics.js';

/** Validated timeout options. */
export interface TimeoutPolicy {
  readonly ms: number;
  readonly mode: 'aggressive' | 'cooperative';
  readonly context: 'join' | 'start';
  readonly name: string | undefined;
}

/**
 * The behaviour of `@Timeout` for one woven method. A call costs a coarse clock read, one call
 * object, a queue append and unlink, and a context entry carrying its deadline when the call
 * has a context (or `context: 'start'`); no timer of its own, no `AbortController` and no
 * listener unless the method asks for `currentSignal()`.
 */
export class TimeoutAdvice implements TimeoutOwner {
  readonly name: string;
  readonly statistics: TimeoutStatistics;
  readonly aggressive: boolean;
  readonly queue: TimeoutQueue;
  /** @internal whether a call without a context starts one (`context: 'start'`). */
  readonly startsContext: boolean;
  readonly #runtime: Runtime;
  readonly #clock: CoarseClock;
  readonly #ms: number;

  constructor(policy: TimeoutPolicy, runtime: Runtime, target: AdviceTarget) {
    this.name = policy.name ?? target.qualifiedName;
    this.statistics = timeoutStatisticsFor(runtime, this.name);
    this.aggressive = policy.mode === 'aggressive';
    this.queue = new TimeoutQueue(runtime);
    this.#runtime = runtime;
    this.#clock = coarseClock(runtime);
    this.#ms = policy.ms;
    this.startsContext = policy.context === 'start';
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const context = currentContext();
    let call: TimeoutCall | undefined;
    try {
      call = this.startCall(context?.deadline);
    } catch (error) {
      return Promise.reject(error); // the runtime was disposed
    }
    if (call === undefined) return Promise.reject(new TimeoutError(this.name, 0));
    const deadline = call.deadline;
    let result: unknown;
    try {
      result =
        context !== undefined || this.startsContext
          ? runInContext({ deadline, cancellation: call }, next, invocation)
          : next(invocation);
    } catch (error) {
      call.settle();
      return Promise.reject(error);
    }
    if (isThenable(result)) return call.follow(result);
    call.settle();
    return result;
  };

  /**
   * @internal times one call: its deadline is this policy's limit or the caller's `outer`
   * deadline, whichever is earlier. Undefined (counted as a timeout) when `outer` has already
   * passed, since starting the work could not help the caller; throws when the runtime was disposed.
   */
  startCall(outer: number | undefined): TimeoutCall | undefined {
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
    if (this.#runtime.events.has('timeout.expired')) {
      this.#runtime.events.emit('timeout.expired', { policy: this.name, timeoutMs });
    }
  }
}
