import { BallastError } from '@ballast/core';

/** A SQLite flag update named an `expectedVersion` that is no longer the stored one (someone else changed it). */
export class FlagVersionConflictError extends BallastError {
  override readonly name = 'FlagVersionConflictError';
  static override readonly code = 'BALLAST_ERR_FLAG_VERSION_CONFLICT';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 409;

  constructor(
    readonly flag: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      FlagVersionConflictError.code,
      `flag "${flag}" is at version ${actualVersion}, not ${expectedVersion}: reload it and apply the change again.`,
    );
  }
}
