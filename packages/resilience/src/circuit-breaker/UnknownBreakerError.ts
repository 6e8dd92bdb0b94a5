import { BallastError } from '@ballast/core';

/** A registry operation named a circuit breaker that does not exist in the runtime. */
export class UnknownBreakerError extends BallastError {
  override readonly name = 'UnknownBreakerError';
  static override readonly code = 'BALLAST_ERR_UNKNOWN_BREAKER';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;
  constructor(message: string) {
    super(UnknownBreakerError.code, message);
  }
}
