/**
 * Computes how long to wait before a retry. The retry policy caps the result at `maxDelay` and
 * treats anything that is not a finite number >= 0 as `maxDelay` (waiting too long is safer than
 * hammering a dependency with no delay), but implementations should stay finite on their own for
 * any number of retries.
 *
 * @example
 * ```ts
 * const linear: Backoff = { delay: (retry) => retry * 250 };
 * class Client { @Retry({ backoff: linear }) async get() {} }
 * ```
 */
export interface Backoff {
  /**
   * @param retry - 1 before the second attempt, 2 before the third, …
   * @param previousDelay - the delay used before the previous retry (0 before the first).
   * @param maxDelay - the policy's cap, for strategies that keep state below it.
   * @param error - the failure being retried (undefined when a result was retried).
   * @param result - the value `retryOnResult` rejected (undefined when an error was retried),
   *   e.g. a returned 429 whose Retry-After sets the delay.
   */
  delay(
    retry: number,
    previousDelay: number,
    maxDelay: number,
    error: unknown,
    result?: unknown,
  ): number;
  /** True when every delay is 0: the policy can then retry synchronous methods. */
  readonly immediate?: boolean;
}
