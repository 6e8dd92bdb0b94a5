import {
  type AdviceTarget,
  type CallContext,
  CancelledError,
  currentContext,
  currentDeadline,
  errorCode,
  errorKind,
  type Invocation,
  isThenable,
  type MethodKind,
  type Next,
  observe,
  type Outcome,
  readProperty,
  runInContext,
  type Runtime,
  RuntimeDisposedError,
  type Settler,
} from '@ballast/core';
import { BulkheadFullError } from '../bulkhead/BulkheadFullError.js';
import { cancelledError } from '../call/cancellation.js';
import { resultMatches } from '../call/resultMatches.js';
import { runHook } from '../call/runHook.js';
import { CircuitOpenError } from '../circuit-breaker/CircuitOpenError.js';
import { budgetFor, setRetryBudgetOf } from './RetryBudget.js';
import type { RetryAttemptEvent, RetryGiveUpEvent } from './RetryEvents.js';
import { type GiveUpReason, RetryExhaustedError } from './RetryExhaustedError.js';
import type { RetryPolicy } from './RetryPolicy.js';
import { RetryRun } from './RetryRun.js';
import { type RetryStatistics, retryStatisticsFor } from './RetryStatistics.js';
import { retryWaits, type WaitingRetry } from './RetryWaits.js';
import type { SharedRetryBudget } from './SharedRetryBudget.js';

/**
 * Context slot holding the attempt number of the retry that owns this call path: nested
 * `@Retry` methods yield to it, and `currentAttempt()` reads it.
 */
const ACTIVE_RETRY = Symbol.for('ballast.retry.active');
const FIRST_ATTEMPT: CallContext = Object.freeze({ [ACTIVE_RETRY]: 1 });

/**
 * The attempt number of the retry whose attempt is running synchronously right now (0: none).
 * A method the attempt calls before its first `await` sees it without any call context, which
 * covers `return this.other.call()`.
 */
let attemptOnStack = 0;

/**
 * The attempt number (1 for the first call) of the innermost `@Retry` running the current
 * method: always before the method's first `await`, and after it inside a call context.
 * Undefined when no retry runs it.
 *
 * @example
 * ```ts
 * @Retry({ maxAttempts: 3 })
 * async send(): Promise<void> {
 *   await post({ idempotencyKey: key, attempt: currentAttempt() });
 * }
 * ```
 */
export function currentAttempt(): number | undefined {
  if (attemptOnStack > 0) return attemptOnStack;
  const marked = currentContext()?.[ACTIVE_RETRY];
  return typeof marked === 'number' ? marked : undefined;
}

/**
 * Whether no retry can help with `error`, whatever a catch-all `retryOn` says: its class
 * declares it a `config` or `permanent` failure (docs/errors.md), it is a refusal made to protect
 * a dependency (an open circuit, a full bulkhead: retrying would only knock again; a rate limit's
 * `retryAfterMs` is waited for instead), an inner retry already gave up, or the runtime is gone.
 */
function isNeverRetried(error: unknown): boolean {
  const kind = errorKind(error);
  return (
    kind === 'config' ||
    kind === 'permanent' ||
    CircuitOpenError.is(error) ||
    BulkheadFullError.is(error) ||
    RetryExhaustedError.is(error) ||
    RuntimeDisposedError.is(error)
  );
}

/** Outcome of {@link RetryAdvice.decide}: a delay in ms, or why there is no retry. */
export type RetryDecision = number | GiveUpReason | 'not-retryable' | 'cancelled';

function retryAfterHint(error: unknown): number | undefined {
  const hint = readProperty(error, 'retryAfterMs'); // a getter that throws gives no hint
  return typeof hint === 'number' && hint >= 0 && Number.isFinite(hint) ? hint : undefined;
}

/**
 * The behaviour of `@Retry` for one woven method. The first attempt costs a context read, a
 * budget counter and a settler on the call's outcome; runs, delays and events happen only on
 * failure (see {@link RetryRun}).
 */
export class RetryAdvice implements Settler<number> {
  readonly name: string;
  readonly statistics: RetryStatistics;
  readonly runtime: Runtime;
  readonly waits: Set<WaitingRetry>;
  readonly #policy: RetryPolicy;
  readonly #budget: SharedRetryBudget | undefined;
  readonly #yieldWhenNested: boolean;
  readonly #startsContext: boolean;
  readonly #tracksDuration: boolean;
  readonly #kind: MethodKind;
  /** The rest of the chain: the same function on every call of the method. */
  #next: Next | undefined;

  constructor(policy: RetryPolicy, runtime: Runtime, target: AdviceTarget, kind: MethodKind) {
    this.#policy = policy;
    this.runtime = runtime;
    this.name = policy.name ?? target.qualifiedName;
    this.statistics = retryStatisticsFor(runtime, this.name);
    this.waits = retryWaits(runtime);
    this.#budget =
      policy.budget === false ? undefined : budgetFor(runtime, policy, policy.budget, this.name);
    setRetryBudgetOf(target, this.#budget);
    this.#yieldWhenNested = policy.nested === 'yield';
    this.#startsContext = policy.context === 'start';
    this.#tracksDuration = Number.isFinite(policy.maxDuration);
    this.#kind = kind;
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const signal = invocation.signal;
    if (signal !== undefined && signal.aborted)
      return this.#kind.refuse(this.cancelled(signal.reason));
    const context = currentContext();
    if (this.#yieldWhenNested && (attemptOnStack > 0 || context?.[ACTIVE_RETRY] !== undefined))
      return next(invocation);
    this.#next ??= next;
    this.#budget?.recordCall();
    const startedAt = this.#tracksDuration ? this.runtime.clock.now() : 0;
    let result: unknown;
    try {
      result = this.attempt(context, next, invocation);
    } catch (error) {
      return new RetryRun(this, invocation, next, startedAt).afterSyncOutcome(false, error);
    }
    if (isThenable(result)) return observe(invocation, result, this, startedAt);
    if (!this.wantsRetry(result)) {
      this.statistics.successfulWithoutRetry++;
      return result;
    }
    return new RetryRun(this, invocation, next, startedAt).afterSyncOutcome(true, result);
  };

  /**
   * Runs attempt `invocation.attempt`, marked for nested methods and `currentAttempt()`: on the
   * stack always, and in the call context when the call has one (or `context: 'start'`).
   */
  attempt(context: CallContext | undefined, next: Next, invocation: Invocation): unknown {
    const saved = attemptOnStack;
    const number = invocation.attempt;
    attemptOnStack = number;
    try {
      if (context === undefined && !this.#startsContext) return next(invocation);
      return runInContext(
        number === 1 ? FIRST_ATTEMPT : { [ACTIVE_RETRY]: number },
        next,
        invocation,
      );
    } finally {
      attemptOnStack = saved;
    }
  }

  /** @internal settles the first attempt's outcome (a `Settler`): counted, or handed to a run. */
  settle(outcome: Outcome, startedAt: number): void {
    if (outcome.ok && !this.wantsRetry(outcome.value)) {
      this.statistics.successfulWithoutRetry++;
      return;
    }
    const { invocation, ok, value } = outcome;
    const decision = this.decide(invocation, 0, startedAt, value, ok);
    if (typeof decision === 'number') {
      outcome.continueWith(new RetryRun(this, invocation, this.#next!, startedAt).start(decision));
    } else if (!ok) {
      outcome.fail(this.giveUp(1, decision, value));
    } else {
      this.countFailure(1);
    }
  }

  /** True when `retryOnResult` asks to retry `value` (a throwing predicate means no). */
  wantsRetry(value: unknown): boolean {
    return resultMatches(this.#policy.retryOnResult, value, false);
  }

  /**
   * Whether and when to retry after `attempt` ended with `payload`: its error, or with
   * `isResult` the value `retryOnResult` rejected. A cancelled call is never retried.
   */
  decide(
    invocation: Invocation,
    previousDelay: number,
    startedAt: number,
    payload: unknown,
    isResult: boolean,
  ): RetryDecision {
    const policy = this.#policy;
    const attempt = invocation.attempt;
    const error = isResult ? undefined : payload;
    const result = isResult ? payload : undefined;
    if (invocation.signal?.aborted === true || CancelledError.is(error)) return 'cancelled';
    if (!isResult && !this.#isRetryable(error)) return 'not-retryable';
    if (attempt >= policy.maxAttempts) return 'max-attempts';
    let delay = policy.backoff.delay(attempt, previousDelay, policy.maxDelay, error, result);
    if (!(delay <= policy.maxDelay)) delay = policy.maxDelay;
    if (delay < 0) delay = 0;
    const hint = policy.backoff.immediate === true ? undefined : retryAfterHint(error);
    if (hint !== undefined) delay = Math.max(delay, Math.min(hint, policy.maxRetryAfter));
    const now = this.runtime.clock.now();
    if (this.#tracksDuration && now - startedAt + delay > policy.maxDuration) return 'max-duration';
    const deadline = currentDeadline();
    if (deadline !== undefined && deadline - now < delay + policy.minAttemptMs) return 'deadline';
    const events = this.runtime.events;
    if (this.#budget !== undefined && !this.#budget.tryAcquire()) {
      this.statistics.budgetExhausted++;
      if (events.has('retry.budget-exhausted'))
        events.emit('retry.budget-exhausted', { policy: this.name, attempt });
      return 'budget';
    }
    if (policy.onRetry !== undefined || events.has('retry.attempt')) {
      const event: RetryAttemptEvent = {
        policy: this.name,
        attempt,
        delayMs: delay,
        error,
        result,
      };
      runHook(policy.onRetry, event, this.statistics);
      events.emit('retry.attempt', event);
    }
    return delay;
  }

  /** Counts a failed call and returns what it fails with. */
  giveUp(attempts: number, reason: Exclude<RetryDecision, number>, error: unknown): unknown {
    if (reason === 'cancelled') return this.cancelled(error);
    this.countFailure(attempts);
    if (reason === 'not-retryable') return error;
    const policy = this.#policy;
    if (policy.onGiveUp !== undefined || this.runtime.events.has('retry.give-up')) {
      const event: RetryGiveUpEvent = { policy: this.name, attempts, reason, error };
      runHook(policy.onGiveUp, event, this.statistics);
      this.runtime.events.emit('retry.give-up', event);
    }
    return policy.giveUp === 'rethrow'
      ? error
      : new RetryExhaustedError(this.name, attempts, reason, error);
  }

  /** Counts a call its caller cancelled; returns the `CancelledError` it ends with. */
  cancelled(cause: unknown): CancelledError {
    this.statistics.cancelled++;
    return cancelledError(this.runtime, 'Retry', this.name, cause);
  }

  countSuccess(attempts: number): void {
    if (attempts === 1) this.statistics.successfulWithoutRetry++;
    else this.statistics.successfulWithRetry++;
  }

  countFailure(attempts: number): void {
    if (attempts === 1) this.statistics.failedWithoutRetry++;
    else this.statistics.failedWithRetry++;
  }

  #isRetryable(error: unknown): boolean {
    const { retryOn, abortOn } = this.#policy;
    try {
      if (abortOn?.matches(error) === true) return false;
      const code = errorCode(error);
      if (isNeverRetried(error) && (code === undefined || retryOn?.codes.has(code) !== true))
        return false;
      return retryOn === undefined || retryOn.matches(error);
    } catch {
      return false; // a throwing predicate is a bug in it; not retrying is the safe reading
    }
  }
}
