import { BallastError } from '@ballast/core';

/**
 * A call did not settle within its time limit (its own `@Timeout` or the remaining deadline of
 * the call it runs in). Created without a stack trace: it is thrown on a hot failure path.
 *
 * @example
 * ```ts
 * catch (error) { if (TimeoutError.is(error)) return reply.code(504).send(); }
 * ```
 */
export class TimeoutError extends BallastError {
  override readonly name = 'TimeoutError';
  static override readonly code = 'BALLAST_ERR_TIMEOUT';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 504;
  /** The limit that applied, in ms (the smaller of the policy's and the outer deadline's). */
  readonly timeoutMs: number;

  /** `cause`: in cooperative mode, the error the method rejected with after the deadline. */
  constructor(policy: string, timeoutMs: number, cause?: unknown) {
    super(TimeoutError.code, `${policy}: timed out after ${timeoutMs} ms.`, {
      captureStack: false,
      cause,
    });
    this.timeoutMs = timeoutMs;
  }
}
