import { BallastError } from '@ballast/core';

/**
 * A bulkhead refused the call: every slot was busy and the queue was full, or the call waited
 * in the queue longer than `queueTimeout` (or than its call-context deadline allows).
 * Circuit breakers ignore it unless `recordRejections` is set.
 */
export class BulkheadFullError extends BallastError {
  override readonly name = 'BulkheadFullError';
  static override readonly code = 'BALLAST_ERR_BULKHEAD_FULL';
  static override readonly kind = 'rejection';
  static override readonly httpStatus = 503;

  constructor(
    /** Name of the bulkhead. */
    readonly bulkheadName: string,
    /** `full`: no slot and no room in the queue; `queueTimeout`: waited too long for a slot. */
    readonly reason: 'full' | 'queueTimeout',
  ) {
    super(
      BulkheadFullError.code,
      reason === 'full'
        ? `Bulkhead "${bulkheadName}" is full: every slot is busy and the queue is full.`
        : `Bulkhead "${bulkheadName}": no slot became free before the queue timeout.`,
      { captureStack: false },
    );
  }
}
