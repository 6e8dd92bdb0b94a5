import type { Runtime } from '@ballast/core';
import type { BulkheadOptions } from '../bulkhead/Bulkhead.js';
import type { CacheOptions } from '../cache/CacheOptions.js';
import type { CircuitBreakerOptions } from '../circuit-breaker/CircuitBreaker.js';
import type { FallbackOptions } from '../fallback/FallbackOptions.js';
import type { GuardOptions } from '../guard/GuardOptions.js';
import type { HedgeOptions } from '../hedge/HedgeOptions.js';
import type { RateLimitOptions } from '../rate-limit/RateLimit.js';
import type { RetryOptions } from '../retry/RetryOptions.js';
import type { TimeoutInput } from '../timeout/TimeoutOptions.js';

/**
 * Options of {@link resilience}: the policy's name and the options of each aspect it applies
 * (the same as the decorators'; an aspect left out is not applied). They run in the fixed order
 * `Guard ( Fallback ( Cache ( Retry ( Hedge ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead ( fn )))))))))`.
 */
export interface ResilienceOptions {
  /**
   * Names the policy's breaker, retry budget and statistics (every aspect reports under it).
   * Required: it is how metrics and the breaker registry find the policy.
   */
  readonly name: string;
  /**
   * Runtime whose timers, breakers and statistics the policy uses.
   * @default defaultRuntime()
   */
  readonly runtime?: Runtime;
  /**
   * A result contract (`result`, `mode`). Argument contracts belong on each method (`@Guard`):
   * a policy runs functions of any shape, so `args` is refused here.
   */
  readonly guard?: Omit<GuardOptions, 'name' | 'args'>;
  /**
   * A cache. Each method the policy decorates keeps its own entries, keyed by its arguments;
   * `execute()` keys by its `cacheKey` option (`key` is refused here).
   */
  readonly cache?: Omit<CacheOptions, 'name' | 'key'>;
  readonly retry?: Omit<RetryOptions, 'name'>;
  /** Hedged attempts (`idempotent: true` required); they draw from the policy's retry budget. */
  readonly hedge?: Omit<HedgeOptions, 'name'>;
  readonly circuitBreaker?: Omit<CircuitBreakerOptions, 'name'>;
  readonly timeout?: number | Omit<Exclude<TimeoutInput, number>, 'name'>;
  readonly rateLimit?: Omit<RateLimitOptions, 'name'>;
  readonly bulkhead?: number | Omit<BulkheadOptions, 'name'>;
  /** A fallback for the final failure (`value`, `handler` or `lastKnownGood`; no `method`). */
  readonly fallback?: Omit<FallbackOptions, 'name' | 'method'>;
}

/** What {@link ResiliencePolicy.execute} passes to the function it runs. */
export interface ExecutionContext {
  /**
   * The signal to stop on: the timeout's (aborted at the deadline or when the caller's signal
   * aborts) when the policy has a timeout, else the caller's.
   */
  readonly signal: AbortSignal | undefined;
  /** The attempt number, 1 for the first call. */
  readonly attempt: number;
}

/** Options of one {@link ResiliencePolicy.execute} call. */
export interface ExecuteOptions {
  /**
   * Cancels the call: it never starts if already aborted; otherwise no retry or wait starts
   * after the abort and the call rejects with `CancelledError`.
   * @default the call context's `signal`, if any
   */
  readonly signal?: AbortSignal;
  /**
   * The cache key of this execution, required when the policy has a `cache`: executions with the
   * same key share the cached value.
   * @default none
   */
  readonly cacheKey?: string;
}
