import { BallastError, type BallastErrorOptions } from '@ballast/core';

/** A flag source could not be read at start (missing file, unreadable table). Later failures keep the last good snapshot instead. */
export class FlagSourceError extends BallastError {
  override readonly name = 'FlagSourceError';
  static override readonly code = 'BALLAST_ERR_FLAG_SOURCE';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;

  constructor(message: string, options?: BallastErrorOptions) {
    super(FlagSourceError.code, message, options);
  }
}
