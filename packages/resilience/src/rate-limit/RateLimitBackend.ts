/** The limits of one rate limit, as its options give them (`rate` per `interval`, `burst`). */
export interface RateLimitLimits {
  readonly rate: number;
  readonly interval: number;
  readonly burst: number;
}

/** One limit kept by a {@link RateLimitBackend}: where a rate limit's permits come from. */
export interface SharedRateLimit {
  /**
   * Takes one permit for `key` (`''` when the limit has no `key` function). Resolves `undefined`
   * when admitted, or with the milliseconds until asking again is worthwhile. It should not
   * reject (a backend that cannot reach its store answers from a local fallback); a rejection
   * fails the call with that error.
   */
  acquire(key: string): Promise<{ readonly retryAfterMs: number } | undefined>;
  /** Keys the backend holds state for in this process, for statistics. @default 1 */
  readonly keys?: number;
}

/**
 * Where `@RateLimit` takes its permits when they are shared beyond this process (its `backend`
 * option), for instance `clusterRateLimits(redis)` from `@ballast/redis`: one limit for every
 * process on a Redis. The limit keeps its name, key function, `maxWait`, statistics, events and
 * hook; only the tokens live elsewhere.
 *
 * @example
 * ```ts
 * class Sms {
 *   @RateLimit({ rate: 200, maxWait: 500, key: ([to]) => to, backend: clusterRateLimits(redis) })
 *   async send(to: string, text: string): Promise<void> { … }
 * }
 * ```
 */
export interface RateLimitBackend {
  /**
   * The shared limit for the rate limit `name`. Called when the limit is registered and again
   * when a reload changes its rate, interval or burst.
   */
  limit(name: string, limits: RateLimitLimits): SharedRateLimit;
}
