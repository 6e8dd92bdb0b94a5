import { BallastError } from '@ballast/core';

/**
 * A rate limiter refused the call: no token was left and the wait for one would exceed
 * `maxWait` (or the call-context deadline). `retryAfterMs` says when a token will be free.
 * Circuit breakers ignore it unless `recordRejections` is set.
 */
export class RateLimitedError extends BallastError {
  override readonly name = 'RateLimitedError';
  static override readonly code = 'BALLAST_ERR_RATE_LIMITED';
  static override readonly kind = 'rejection';
  static override readonly httpStatus = 429;

  constructor(
    /** Name of the rate limiter. */
    readonly limiterName: string,
    /** Key of a keyed limiter, else undefined. */
    readonly key: string | undefined,
    /** Whole milliseconds until a token is available. */
    readonly retryAfterMs: number,
  ) {
    super(
      RateLimitedError.code,
      `Rate limit "${limiterName}"${key === undefined ? '' : ` [${key}]`} exceeded; retry after ${retryAfterMs} ms.`,
      { captureStack: false },
    );
  }
}
