import type { Backoff } from './backoff/Backoff.js';
import type { BackoffFunction } from './backoff/FunctionBackoff.js';
import type { ErrorMatcherInput } from './ErrorMatcher.js';
import type { RetryBudgetOptions } from './RetryBudget.js';
import type { RetryAttemptEvent, RetryGiveUpEvent } from './RetryEvents.js';

/** Options of `@Retry` and `retry()`. Every option is validated when the decorator is applied. */
export interface RetryOptions {
  /**
   * Calls in total, the first one included (1 = no retry). Integer 1 to 10,000.
   * @default 3
   */
  readonly maxAttempts?: number;
  /**
   * Wait before each retry: a {@link Backoff} or a function `(retry, error, result) => ms`,
   * where `result` is the value `retryOnResult` rejected.
   * @default new DecorrelatedJitterBackoff({ initialDelay: 100 })
   */
  readonly backoff?: Backoff | BackoffFunction;
  /**
   * Cap on any single delay, ms; also the delay used when a strategy returns NaN or Infinity.
   * @default 10000
   */
  readonly maxDelay?: number;
  /**
   * Which errors are retried: error classes, `code` strings (the error's own, or one along its
   * `cause` chain), predicates. Errors with the codes
   * `BALLAST_ERR_CIRCUIT_OPEN`, `BALLAST_ERR_BULKHEAD_FULL`, `BALLAST_ERR_FEATURE_DISABLED`,
   * `BALLAST_ERR_CONFIG`, `BALLAST_ERR_RETRY_EXHAUSTED` and the kernel's own codes are never
   * retried unless a code string here names them.
   * @default every error
   */
  readonly retryOn?: ErrorMatcherInput;
  /**
   * Errors that stop at once (checked before `retryOn`), rethrown unchanged.
   * @default none
   */
  readonly abortOn?: ErrorMatcherInput;
  /**
   * Retries when it returns true for a result. After the last attempt the last result is
   * returned (as resilience4j does).
   * @default none
   */
  readonly retryOnResult?: (result: unknown) => boolean;
  /**
   * Cap on a `retryAfterMs` hint carried by an error (a 429's Retry-After), ms. The delay is
   * the larger of the backoff and the capped hint.
   * @default 30000
   */
  readonly maxRetryAfter?: number;
  /**
   * No retry starts once this long has passed since the first attempt, ms.
   * @default no limit (attempts, budget and deadline still bound the retries)
   */
  readonly maxDuration?: number;
  /**
   * No retry starts unless the call context's deadline leaves at least the delay plus this
   * much for the next attempt, ms.
   * @default 100
   */
  readonly minAttemptMs?: number;
  /**
   * Retry budget over a sliding window, shared by every method using this policy; `false`
   * turns it off.
   * @default { ratio: 0.2, minRetriesPerSecond: 10, windowMs: 10000 }
   */
  readonly budget?: RetryBudgetOptions | false;
  /**
   * `yield`: inside another `@Retry` on the same call path this one makes a single attempt and
   * leaves retrying to the outer one (attempts never multiply). `allow`: retries anyway.
   * @default 'yield'
   */
  readonly nested?: 'yield' | 'allow';
  /**
   * How nested methods learn that this retry owns the call path. A method called before the
   * first `await` of the retried method always learns it; later calls learn it through the
   * call context. `join`: the marker is added when the call runs in a context (e.g. one per
   * request from the HTTP layer). `start`: a context is started when there is none (on Node 20
   * this turns on promise hooks that slow every promise in the process, hence not the default).
   * @default 'join'
   */
  readonly context?: 'join' | 'start';
  /**
   * `wrap`: give up with a `RetryExhaustedError` (attempts + last error as cause).
   * `rethrow`: rethrow the last error unchanged.
   * @default 'wrap'
   */
  readonly giveUp?: 'wrap' | 'rethrow';
  /**
   * Called before each retry with the `retry.attempt` payload (the attempt that failed, the
   * delay, the error or `undefined` for a retried result). A hook that throws is counted in
   * `hookErrors` and never breaks the call.
   * @default none
   */
  readonly onRetry?: (event: RetryAttemptEvent) => void;
  /**
   * Called when the policy gives up, with the `retry.give-up` payload; guarded like `onRetry`.
   * The strings `'wrap'` and `'rethrow'` are the earlier spelling of `giveUp` and still accepted.
   * @default none
   */
  readonly onGiveUp?: ((event: RetryGiveUpEvent) => void) | 'wrap' | 'rethrow';
  /**
   * Name under which statistics and events are reported.
   * @default the method's `Class.method`
   */
  readonly name?: string;
}
