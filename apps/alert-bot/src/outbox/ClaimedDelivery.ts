import type { AlertRecord } from '../alerts/AlertRecord.js';

/** A delivery of one alert to one channel, leased to a worker until `leaseUntil`. */
export interface ClaimedDelivery {
  readonly alert: AlertRecord;
  /** The channel the alert is routed to (a fallback may carry it instead). */
  readonly channel: string;
  /** Attempts made before this one. */
  readonly attempts: number;
  /** The worker holding the lease. */
  readonly owner: string;
}

/** An alert that exhausted its attempts or met a permanent error. */
export interface DeadLetter {
  readonly alertId: string;
  readonly channel: string;
  readonly attempts: number;
  /** Why the last attempt failed. */
  readonly lastError: string;
  readonly deadAt: number;
}
