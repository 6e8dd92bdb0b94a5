import type { Runtime } from '@ballast/core';
import type { BulkheadOptions } from '../bulkhead/Bulkhead.js';
import type { CircuitBreakerOptions } from '../circuit-breaker/CircuitBreaker.js';
import type { FallbackOptions } from '../fallback/FallbackOptions.js';
import type { RateLimitOptions } from '../rate-limit/RateLimit.js';
import type { RetryOptions } from '../retry/RetryOptions.js';
import type { TimeoutInput } from '../timeout/TimeoutOptions.js';

/**
 * Options of {@link resilience}: the policy's name and the options of each aspect it applies
 * (the same as the decorators'; an aspect left out is not applied). They run in the fixed order
 * `Fallback ( Retry ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead ( fn ))))))`.
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
  readonly retry?: Omit<RetryOptions, 'name'>;
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
}
