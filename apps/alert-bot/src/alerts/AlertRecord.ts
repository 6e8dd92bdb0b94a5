import type { AlertInput } from './AlertInput.js';

/** How urgent an alert is. */
export type AlertSeverity = NonNullable<AlertInput['severity']>;

/** An accepted alert, as it is grouped and shown in notifications. */
export interface AlertRecord {
  /** The sender's `id`, or one given at acceptance: the idempotency key of the intake. */
  readonly id: string;
  readonly title: string;
  readonly severity: AlertSeverity;
  readonly message: string | undefined;
  /** Who raised it (`http`, `cli`, `log`, `inspection`, or what the sender said). */
  readonly source: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `firing` holds its group open, `resolved` ends it; none: an event. */
  readonly status: AlertInput['status'];
  /** When it was accepted, ms since the epoch. */
  readonly createdAt: number;
}
