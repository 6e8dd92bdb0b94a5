import { BallastError } from '@ballast/core';
import type { EvaluationReason } from '../evaluation/EvaluationReason.js';

/** Thrown (or rejected) by a method under `@FeatureFlag(key, { whenOff: 'throw' })` when the flag is off. */
export class FeatureDisabledError extends BallastError {
  override readonly name = 'FeatureDisabledError';
  static override readonly code = 'BALLAST_ERR_FEATURE_DISABLED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 404;

  constructor(
    /** The flag that was off. */
    readonly flag: string,
    /** Why it was off for this caller (DISABLED, TARGETING_MATCH, SPLIT, DEFAULT, ERROR, STALE). */
    readonly reason: EvaluationReason,
    method: string,
  ) {
    super(
      FeatureDisabledError.code,
      `${method} is behind feature flag "${flag}", which is off for this call (reason ${reason}).`,
    );
  }
}
