import type { AlertRecord, AlertSeverity } from '../alerts/AlertRecord.js';

/**
 * Alerts of one channel that share a group key, from the group's first alert until it is
 * resolved: what has been notified, and when the group needs looking at next.
 */
export interface AlertGroup {
  /** `g_<uuid>`; the group's notifications are `<id>.<sequence>`. */
  readonly id: string;
  readonly channel: string;
  /** See `groupIdentity`. */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly source: string;
  readonly first: AlertRecord;
  /** The latest alert that joined (a `resolved` one included). */
  readonly latest: AlertRecord;
  /** Alerts that joined. */
  readonly count: number;
  /** `count` when the last notification was made. */
  readonly notifiedCount: number;
  /** The highest severity that joined. */
  readonly severity: AlertSeverity;
  readonly startedAt: number;
  /** When the latest alert joined. */
  readonly lastAt: number;
  /** When the oldest alert not yet in a notification was accepted. */
  readonly pendingSince: number | undefined;
  readonly notifiedAt: number | undefined;
  /** Notifications made. */
  readonly sequence: number;
  /** Fingerprints of the `firing` alerts holding the group open until they are resolved. */
  readonly held: readonly string[];
  /** Set when a `resolved` alert ended the group: it is notified and removed at once. */
  readonly resolvedAt: number | undefined;
  /** When the group must be looked at next (a notification may be due). */
  readonly nextFlushAt: number;
}

const RANK = { info: 0, warning: 1, critical: 2 } as const;

/** The more urgent of two severities. */
export function higherSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return RANK[a] >= RANK[b] ? a : b;
}
