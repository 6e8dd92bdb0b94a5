import type { Notification } from '../grouping/Notification.js';

/** A notification leased to a worker for one attempt to its channel. */
export interface ClaimedDelivery {
  readonly notification: Notification;
  /** The channel the notification is for (a fallback may carry it instead). */
  readonly channel: string;
  /** Attempts made before this one. */
  readonly attempts: number;
  /** The worker holding the lease. */
  readonly owner: string;
}

/** A notification that exhausted its attempts or met a permanent error. */
export interface DeadLetter {
  /** The notification's id (its `webhook-id`). */
  readonly id: string;
  readonly channel: string;
  readonly title: string;
  readonly attempts: number;
  /** Why the last attempt failed. */
  readonly lastError: string;
  readonly deadAt: number;
}
