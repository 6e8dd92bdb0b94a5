import type {
  BulkheadOptions,
  CircuitBreakerOptions,
  RateLimitOptions,
  RetryOptions,
} from '@ballast/resilience';

/**
 * The aspects woven around every request, outermost first:
 * `Retry ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead ( send ) ) ) ) )`. Breakers, rate
 * limits and bulkheads are per host (`host:port`); `false` turns an aspect off.
 */
export interface ResilienceOptions {
  /** Name of the client's breakers, limits, bulkheads and statistics. @default 'http' */
  readonly name?: string;
  /**
   * Retry of idempotent requests (and of those carrying an idempotency key); never of others.
   * Retryable `HttpError`s and attempt timeouts are retried, honouring `retryAfterMs`; the last
   * error is rethrown unchanged.
   * @default { maxAttempts: 3, onGiveUp: 'rethrow', retryOn: retryable errors }
   */
  readonly retry?: RetryOptions | false;
  /** Time limit of one attempt, end to end (queueing in the bulkhead included). @default 30000 */
  readonly attemptTimeoutMs?: number | false;
  /**
   * Breaker per host. Network errors, timeouts, 408 and 5xx are failures; 4xx, 425 and 429
   * (a live server pacing us) are not; aborts and spent deadlines are ignored.
   * @default the resilience defaults, keyed by host
   */
  readonly circuitBreaker?: Omit<CircuitBreakerOptions, 'key' | 'name'> | false;
  /** Concurrent requests per host; extra ones wait in a bounded queue. @default { maxConcurrent: connectionsPerOrigin, maxQueue: 256, queueTimeout: 5000 } */
  readonly bulkhead?: Omit<BulkheadOptions, 'name'> | false;
  /** Requests per interval per host. @default false (no limit) */
  readonly rateLimit?: Omit<RateLimitOptions, 'key' | 'name'> | false;
}
