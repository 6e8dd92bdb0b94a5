import {
  type AdviceTarget,
  type CallContext,
  currentContext,
  currentDeadline,
  errorCode,
  type Invocation,
  isThenable,
  type Next,
  runInContext,
  type Runtime,
} from '@ballast/core';
import { Rejection } from './Rejection.js';
import { type RetryBudget, budgetFor } from './RetryBudget.js';
import { type GiveUpReason, RetryExhaustedError } from './RetryExhaustedError.js';
import type { RetryPolicy } from './RetryPolicy.js';
import { RetryRun } from './RetryRun.js';
import { type RetryStatistics, retryStatisticsFor } from './RetryStatistics.js';
import { retryWaits, type WaitingRetry } from './RetryWaits.js';

/**
 * @internal context slot telling nested `@Retry` methods that an outer retry owns this call
 * path (a fused pipeline sets it together with its timeout's entries).
 */
export const ACTIVE_RETRY = Symbol.for('ballast.retry.active');
const ACTIVE_PATCH: CallContext = Object.freeze({ [ACTIVE_RETRY]: true });

/**
 * Retry attempts running synchronously right now. A method the attempt calls before its first
 * `await` sees it without any call context, which covers `return this.other.call()`.
 */
let attemptsOnStack = 0;

/** Codes no retry can help with: fail-fast rejections, configuration and kernel errors. */
const NEVER_RETRIED: ReadonlySet<string> = new Set([
  'BALLAST_ERR_CIRCUIT_OPEN',
  'BALLAST_ERR_BULKHEAD_FULL',
  'BALLAST_ERR_FEATURE_DISABLED',
  'BALLAST_ERR_CONFIG',
  'BALLAST_ERR_RETRY_EXHAUSTED',
  'BALLAST_ERR_RUNTIME_DISPOSED',
  'BALLAST_ERR_SYNC_UNSUPPORTED',
  'BALLAST_ERR_UNKNOWN_POLICY',
  'BALLAST_ERR_ASPECT_ORDER',
  'BALLAST_ERR_DECORATOR_TARGET',
  'BALLAST_ERR_DUPLICATE_ASPECT',
]);

/** Outcome of {@link RetryAdvice.decide}: a delay in ms, or why there is no retry. */
export type RetryDecision = number | GiveUpReason | 'not-retryable';

function retryAfterHint(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const hint = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof hint === 'number' && hint >= 0 && Number.isFinite(hint) ? hint : undefined;
}

/**
 * The behaviour of `@Retry` for one woven method. The first attempt costs a context entry, a
 * budget counter and one `then`; everything else (runs, delays, events) happens only on failure.
 */
export class RetryAdvice {
  readonly name: string;
  readonly statistics: RetryStatistics;
  readonly runtime: Runtime;
  readonly waits: Set<WaitingRetry>;
  readonly #policy: RetryPolicy;
  readonly #budget: RetryBudget | undefined;
  readonly #yieldWhenNested: boolean;
  readonly #startsContext: boolean;
  readonly #tracksDuration: boolean;

  constructor(policy: RetryPolicy, runtime: Runtime, target: AdviceTarget) {
    this.#policy = policy;
    this.runtime = runtime;
    this.name = policy.name ?? target.qualifiedName;
    this.statistics = retryStatisticsFor(runtime, this.name);
    this.waits = retryWaits(runtime);
    this.#budget = policy.budget === false ? undefined : budgetFor(runtime, policy, policy.budget);
    this.#yieldWhenNested = policy.nested === 'yield';
    this.#startsContext = policy.context === 'start';
    this.#tracksDuration = Number.isFinite(policy.maxDuration);
  }

  /** The advice: `(invocation, next) => result`. */
  readonly advise = (invocation: Invocation, next: Next): unknown => {
    const context = currentContext();
    if (this.yieldsTo(context)) return next(invocation);
    const startedAt = this.start();
    let result: unknown;
    try {
      result = this.attemptIn(context, next, invocation);
    } catch (error) {
      return this.afterFirstFailure(invocation, next, startedAt, error, false);
    }
    if (!isThenable(result))
      return this.afterFirstValue(invocation, next, startedAt, result, false);
    if (this.#policy.retryOnResult === undefined) {
      return result.then(this.#countFirstSuccess, (error: unknown) =>
        this.afterFirstFailure(invocation, next, startedAt, error, true),
      );
    }
    return result.then(
      (value: unknown) => this.afterFirstValue(invocation, next, startedAt, value, true),
      (error: unknown) => this.afterFirstFailure(invocation, next, startedAt, error, true),
    );
  };

  /** Runs a later attempt (see {@link RetryAdvice.advise} for the first). */
  call(invocation: Invocation, next: Next): unknown {
    return this.attemptIn(currentContext(), next, invocation);
  }

  /** @internal true when an outer retry owns this call path and `nested: 'yield'` applies. */
  yieldsTo(context: CallContext | undefined): boolean {
    return this.#yieldWhenNested && (attemptsOnStack > 0 || context?.[ACTIVE_RETRY] === true);
  }

  /** @internal counts a call for the budget; returns its start time for `maxDuration` (else 0). */
  start(): number {
    this.#budget?.recordCall();
    return this.#tracksDuration ? this.runtime.clock.now() : 0;
  }

  /** @internal whether an attempt marks the call context (the call has one, or `context: 'start'`). */
  entersContext(context: CallContext | undefined): boolean {
    return context !== undefined || this.#startsContext;
  }

  /** @internal runs one attempt of a call made in `context`, marked for nested methods. */
  attemptIn(context: CallContext | undefined, next: Next, invocation: Invocation): unknown {
    return this.runAttempt(
      this.entersContext(context) ? ACTIVE_PATCH : undefined,
      next,
      invocation,
    );
  }

  /**
   * @internal runs one attempt marked for nested methods: on the stack always, and in the call
   * context through `patch` (which carries {@link ACTIVE_RETRY}) when given.
   */
  runAttempt(patch: CallContext | undefined, next: Next, invocation: Invocation): unknown {
    attemptsOnStack++;
    try {
      return patch !== undefined ? runInContext(patch, next, invocation) : next(invocation);
    } finally {
      attemptsOnStack--;
    }
  }

  /**
   * @internal what the caller gets after the first attempt failed with `error`: thrown
   * synchronously or returned from a promise reaction (`async`). Fail-fast rejections (an open
   * breaker) are returned as a {@link Rejection} without building a retry run.
   */
  afterFirstFailure(
    invocation: Invocation,
    next: Next,
    startedAt: number,
    error: unknown,
    async: boolean,
  ): unknown {
    if (!async) return new RetryRun(this, invocation, next, startedAt).afterFailure(error, false);
    if (!this.#isRetryable(error)) {
      this.statistics.failedWithoutRetry++;
      return new Rejection(error);
    }
    return new RetryRun(this, invocation, next, startedAt).afterFailure(error, true);
  }

  /** @internal what the caller gets after the first attempt returned `value` (see `retryOnResult`). */
  afterFirstValue(
    invocation: Invocation,
    next: Next,
    startedAt: number,
    value: unknown,
    async: boolean,
  ): unknown {
    if (async) {
      if (this.#policy.retryOnResult === undefined) return this.#countFirstSuccess(value);
      return new RetryRun(this, invocation, next, startedAt).afterResult(value, true);
    }
    if (!this.wantsRetry(value)) {
      this.statistics.successfulWithoutRetry++;
      return value;
    }
    return new RetryRun(this, invocation, next, startedAt).afterResult(value, false);
  }

  /** True when `retryOnResult` asks to retry `value` (a throwing predicate means no). */
  wantsRetry(value: unknown): boolean {
    const predicate = this.#policy.retryOnResult;
    if (predicate === undefined) return false;
    try {
      return predicate(value) === true;
    } catch {
      return false;
    }
  }

  /** Whether and when to retry after `attempt` failed with `error` (undefined for a result). */
  decide(
    attempt: number,
    previousDelay: number,
    startedAt: number,
    error: unknown,
    isResult: boolean,
  ): RetryDecision {
    const policy = this.#policy;
    if (!isResult && !this.#isRetryable(error)) return 'not-retryable';
    if (attempt >= policy.maxAttempts) return 'max-attempts';
    let delay = policy.backoff.delay(attempt, previousDelay, policy.maxDelay, error);
    if (!(delay <= policy.maxDelay)) delay = policy.maxDelay;
    if (delay < 0) delay = 0;
    const hint = policy.backoff.immediate === true ? undefined : retryAfterHint(error);
    if (hint !== undefined) delay = Math.max(delay, Math.min(hint, policy.maxRetryAfter));
    const now = this.runtime.clock.now();
    if (this.#tracksDuration && now - startedAt + delay > policy.maxDuration) return 'max-duration';
    const deadline = currentDeadline();
    if (deadline !== undefined && deadline - now < delay + policy.minAttemptMs) return 'deadline';
    if (this.#budget !== undefined && !this.#budget.tryAcquire()) {
      this.statistics.budgetExhausted++;
      if (this.runtime.events.has('retry.budget-exhausted')) {
        this.runtime.events.emit('retry.budget-exhausted', { policy: this.name, attempt });
      }
      return 'budget';
    }
    if (this.runtime.events.has('retry.attempt')) {
      this.runtime.events.emit('retry.attempt', {
        policy: this.name,
        attempt,
        delayMs: delay,
        error,
      });
    }
    return delay;
  }

  /** Counts a failed call and returns what to throw for it. */
  giveUp(attempts: number, reason: GiveUpReason | 'not-retryable', error: unknown): unknown {
    this.countFailure(attempts);
    if (reason === 'not-retryable') return error;
    if (this.runtime.events.has('retry.give-up')) {
      this.runtime.events.emit('retry.give-up', { policy: this.name, attempts, reason, error });
    }
    return this.#policy.onGiveUp === 'rethrow'
      ? error
      : new RetryExhaustedError(this.name, attempts, reason, error);
  }

  countSuccess(attempts: number): void {
    if (attempts === 1) this.statistics.successfulWithoutRetry++;
    else this.statistics.successfulWithRetry++;
  }

  countFailure(attempts: number): void {
    if (attempts === 1) this.statistics.failedWithoutRetry++;
    else this.statistics.failedWithRetry++;
  }

  readonly #countFirstSuccess = (value: unknown): unknown => {
    this.statistics.successfulWithoutRetry++;
    return value;
  };

  #isRetryable(error: unknown): boolean {
    const { retryOn, abortOn } = this.#policy;
    try {
      if (abortOn?.matches(error) === true) return false;
      const code = errorCode(error);
      if (code !== undefined && NEVER_RETRIED.has(code) && retryOn?.codes.has(code) !== true)
        return false;
      return retryOn === undefined || retryOn.matches(error);
    } catch {
      return false; // a throwing predicate is a bug in it; not retrying is the safe reading
    }
  }
}
