// Fallback
export { Fallback, FallbackAspect, fallback } from './fallback/Fallback.js';
export type { FallbackOptions, FallbackServedEvent, FallbackSource, LastKnownGoodOptions } from './fallback/FallbackOptions.js';
export { FallbackStatistics, fallbackStatistics } from './fallback/FallbackStatistics.js';

// Retry
export type { Backoff } from './retry/backoff/Backoff.js';
export { ConstantBackoff } from './retry/backoff/ConstantBackoff.js';
export {
  DecorrelatedJitterBackoff,
  type DecorrelatedJitterBackoffOptions,
} from './retry/backoff/DecorrelatedJitterBackoff.js';
export { ExponentialBackoff, type ExponentialBackoffOptions } from './retry/backoff/ExponentialBackoff.js';
export type { BackoffFunction } from './retry/backoff/FunctionBackoff.js';
export type { ErrorMatcherInput, ErrorMatcherItem } from './retry/ErrorMatcher.js';
export { Retry, RetryAspect, retry } from './retry/Retry.js';
export type { RetryBudgetOptions } from './retry/RetryBudget.js';
export type { RetryAttemptEvent, RetryBudgetExhaustedEvent, RetryGiveUpEvent } from './retry/RetryEvents.js';
export { type GiveUpReason, RetryExhaustedError } from './retry/RetryExhaustedError.js';
export type { RetryOptions } from './retry/RetryOptions.js';
export { RetryStatistics, retryStatistics } from './retry/RetryStatistics.js';

// Timeout
export { Timeout, TimeoutAspect, timeout } from './timeout/Timeout.js';
export { TimeoutError } from './timeout/TimeoutError.js';
export type { TimeoutExpiredEvent, TimeoutInput, TimeoutOptions } from './timeout/TimeoutOptions.js';
export { TimeoutStatistics, timeoutStatistics } from './timeout/TimeoutStatistics.js';

// CircuitBreaker, Bulkhead, RateLimit
