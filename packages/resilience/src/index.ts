// Fallback
export { Fallback, FallbackAspect, fallback } from './fallback/Fallback.js';
export type {
  FallbackOptions,
  FallbackServedEvent,
  FallbackSource,
  LastKnownGoodOptions,
} from './fallback/FallbackOptions.js';
export { FallbackStatistics, fallbackStatistics } from './fallback/FallbackStatistics.js';

// Retry
export type { Backoff } from './retry/backoff/Backoff.js';
export { ConstantBackoff } from './retry/backoff/ConstantBackoff.js';
export {
  DecorrelatedJitterBackoff,
  type DecorrelatedJitterBackoffOptions,
} from './retry/backoff/DecorrelatedJitterBackoff.js';
export {
  ExponentialBackoff,
  type ExponentialBackoffOptions,
} from './retry/backoff/ExponentialBackoff.js';
export type { JitterOptions } from './retry/backoff/Jitter.js';
export { LinearBackoff, type LinearBackoffOptions } from './retry/backoff/LinearBackoff.js';
export type { BackoffFunction } from './retry/backoff/FunctionBackoff.js';
export type { ErrorMatcherInput, ErrorMatcherItem } from './retry/ErrorMatcher.js';
export { Retry, RetryAspect, retry } from './retry/Retry.js';
export { currentAttempt } from './retry/RetryAdvice.js';
export type { RetryBudgetOptions } from './retry/RetryBudget.js';
export type {
  RetryBudgetBackend,
  RetryBudgetLimits,
  SharedRetryBudget,
} from './retry/SharedRetryBudget.js';
export type {
  RetryAttemptEvent,
  RetryBudgetExhaustedEvent,
  RetryGiveUpEvent,
} from './retry/RetryEvents.js';
export { type GiveUpReason, RetryExhaustedError } from './retry/RetryExhaustedError.js';
export type { RetryOptions } from './retry/RetryOptions.js';
export { RetryStatistics, retryStatistics } from './retry/RetryStatistics.js';

// Timeout
export { Timeout, TimeoutAspect, timeout } from './timeout/Timeout.js';
export { TimeoutError } from './timeout/TimeoutError.js';
export type {
  TimeoutExpiredEvent,
  TimeoutInput,
  TimeoutOptions,
} from './timeout/TimeoutOptions.js';
export { TimeoutStatistics, timeoutStatistics } from './timeout/TimeoutStatistics.js';

// CircuitBreaker, Bulkhead, RateLimit
export { Breaker } from './circuit-breaker/Breaker.js';
export type { BreakerEnvironment } from './circuit-breaker/BreakerEnvironment.js';
export type { BreakerSnapshot } from './circuit-breaker/BreakerSnapshot.js';
export type { BreakerConfig } from './circuit-breaker/BreakerConfig.js';
export type { BreakerCounters } from './circuit-breaker/BreakerCounters.js';
export type { BreakerGroupSnapshot } from './circuit-breaker/BreakerGroup.js';
export {
  BreakerRegistry,
  type BreakerRegistrySnapshot,
  type BreakerSummary,
  breakerRegistry,
  breakerStatistics,
} from './circuit-breaker/BreakerRegistry.js';
export {
  BREAKER_STATES,
  type BreakerState,
  type BreakerTransitionReason,
  type ManualBreakerState,
} from './circuit-breaker/BreakerState.js';
export type { BreakerStateEvent } from './circuit-breaker/BreakerStateEvent.js';
export type { BreakerStatistics, BreakerWindow } from './circuit-breaker/BreakerStatistics.js';
export {
  CircuitBreaker,
  CircuitBreakerAspect,
  circuitBreaker,
  type CircuitBreakerOptions,
  type OpenBackoff,
} from './circuit-breaker/CircuitBreaker.js';
export { CircuitOpenError } from './circuit-breaker/CircuitOpenError.js';
export type { ForceOpenOptions } from './circuit-breaker/ForceOpenOptions.js';
export type { BreakerOpening } from './circuit-breaker/OpenDuration.js';
export { createBreaker, type StandaloneBreakerOptions } from './circuit-breaker/createBreaker.js';
export { UnknownBreakerError } from './circuit-breaker/UnknownBreakerError.js';
export {
  Bulkhead,
  BulkheadAspect,
  bulkhead,
  type BulkheadConfig,
  type BulkheadOptions,
  type BulkheadRejectedEvent,
} from './bulkhead/Bulkhead.js';
export { BulkheadFullError } from './bulkhead/BulkheadFullError.js';
export { type BulkheadStatistics, bulkheadStatistics } from './bulkhead/bulkheadStatistics.js';
export {
  RateLimit,
  RateLimitAspect,
  rateLimit,
  type RateLimitConfig,
  type RateLimitOptions,
  type RateLimitRejectedEvent,
} from './rate-limit/RateLimit.js';
export type {
  RateLimitBackend,
  RateLimitLimits,
  SharedRateLimit,
} from './rate-limit/RateLimitBackend.js';
export { RateLimitedError } from './rate-limit/RateLimitedError.js';
export { TokenBucket } from './rate-limit/TokenBucket.js';
export { type RateLimitStatistics, rateLimitStatistics } from './rate-limit/rateLimitStatistics.js';

// Cache
export { Cache, CacheAspect, cache } from './cache/Cache.js';
export type {
  CacheInvalidatedEvent,
  CacheLookupEvent,
  CacheStaleServedEvent,
} from './cache/CacheEvents.js';
export { CacheKeyError } from './cache/CacheKeyError.js';
export type { CacheOptions } from './cache/CacheOptions.js';
export { CacheRegistry, cacheRegistry, cacheStatistics } from './cache/CacheRegistry.js';
export type { CacheCounters, CacheStatistics } from './cache/CacheStatistics.js';
export type { CacheEntry, CacheLimits, CacheStore, CacheStoreFactory } from './cache/CacheStore.js';
export { estimateSize } from './cache/estimateSize.js';
export { MemoryCacheStore, memoryCacheStores } from './cache/MemoryCacheStore.js';
export { UnknownCacheError } from './cache/UnknownCacheError.js';

// Guard and null-safe calls
export {
  type ContractIssue,
  type ContractViolation,
  ContractViolationError,
} from './guard/ContractViolationError.js';
export { Guard, GuardAspect, guard } from './guard/Guard.js';
export type { GuardViolationEvent } from './guard/GuardEvents.js';
export type { GuardOptions } from './guard/GuardOptions.js';
export { GuardStatistics, guardStatistics } from './guard/GuardStatistics.js';
export { nonNull } from './guard/nonNull.js';
export { type NullSafe, optional } from './guard/optional.js';

// Hedge
export { Hedge, HedgeAspect, hedge } from './hedge/Hedge.js';
export type {
  HedgeBudgetExhaustedEvent,
  HedgeFiredEvent,
  HedgeWonEvent,
} from './hedge/HedgeEvents.js';
export type { HedgeOptions, HedgePercentileDelay } from './hedge/HedgeOptions.js';
export { HedgeStatistics, hedgeStatistics } from './hedge/HedgeStatistics.js';

// Reusable policies
export { Resilient, resilience } from './policy/resilience.js';
export { ResiliencePolicy } from './policy/ResiliencePolicy.js';
export type {
  ExecuteOptions,
  ExecutionContext,
  ResilienceOptions,
} from './policy/ResilienceOptions.js';

// Cancellation
export type { CallCancelledEvent } from './call/cancellation.js';
