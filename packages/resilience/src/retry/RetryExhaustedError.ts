import { BallastError } from '@ballast/core';

/** Why a retry policy stopped retrying. */
export type GiveUpReason = 'max-attempts' | 'max-duration' | 'deadline' | 'budget';

/**
 * A retry policy gave up: every attempt it was allowed failed. `attempts` counts the calls made
 * (the first included) and `cause` is the last attempt's error.
 *
 * @example
 * ```ts
 * catch (error) { if (RetryExhaustedError.is(error)) log.warn({ attempts: error.attempts }, 'dependency down'); }
 * ```
 */
export class RetryExhaustedError extends BallastError {
  override readonly name = 'RetryExhaustedError';
  static override readonly code = 'BALLAST_ERR_RETRY_EXHAUSTED';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  /** Calls made, the first one included. */
  readonly attempts: number;
  /** What stopped the retries. */
  readonly reason: GiveUpReason;

  constructor(policy: string, attempts: number, reason: GiveUpReason, cause: unknown) {
    super(
      RetryExhaustedError.code,
      `${policy}: gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason}); the last error is the cause.`,
      { cause },
    );
    this.attempts = attempts;
    this.reason = reason;
  }
}
