import type { Backoff } from './Backoff.js';

/**
 * A delay function given as `backoff`: `(retry, error, result) => ms`, where `result` is the
 * value `retryOnResult` rejected (undefined when an error is retried, as `error` is when a
 * result is).
 */
export type BackoffFunction = (retry: number, error: unknown, result?: unknown) => number;

/**
 * Adapts a plain function to {@link Backoff}. The policy caps its result at `maxDelay` and
 * replaces a non-finite or negative result (NaN from a bad formula) with the cap or 0.
 *
 * @example
 * ```ts
 * @Retry({ backoff: (retry) => 250 * retry })
 * ```
 */
export class FunctionBackoff implements Backoff {
  readonly #delay: BackoffFunction;

  constructor(delay: BackoffFunction) {
    this.#delay = delay;
  }

  delay(
    retry: number,
    _previousDelay: number,
    _maxDelay: number,
    error: unknown,
    result?: unknown,
  ): number {
    return this.#delay(retry, error, result);
  }
}
