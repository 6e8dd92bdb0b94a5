import type { AlertInput } from './AlertInput.js';

/** How urgent an alert is. */
export type AlertSeverity = NonNullable<AlertInput['severity']>;

/** An accepted alert as stored in the outbox and delivered to channels. */
export interface AlertRecord {
  /** Stable id: the `webhook-id` of every delivery attempt, the receivers' idempotency key. */
  readonly id: string;
  readonly title: string;
  readonly severity: AlertSeverity;
  readonly message: string | undefined;
  /** Who raised it (`http`, `cli`, `log`, `inspection`, or what the sender said). */
  readonly source: string;
  readonly labels: Readonly<Record<string, string>>;
  /** When it was accepted, ms since the epoch. */
  readonly createdAt: number;
}
