import type { AlertRecord, AlertSeverity } from '../alerts/AlertRecord.js';
import type { AlertGroup } from './AlertGroup.js';

/** Why a notification was made: a group's first, news since the last one, a reminder, or its end. */
export type NotificationKind = 'new' | 'update' | 'repeat' | 'resolved';

/**
 * One message about a group, delivered to its channel. Its `id` is the `webhook-id` of every
 * attempt; the fields a single alert has (`title`, `severity`, `message`, `source`, `labels`)
 * come from the group's latest alert, so a one-alert group reads like the alert itself.
 */
export interface Notification {
  /** `<group id>.<sequence>`: the same for every attempt, and if the notification is made again. */
  readonly id: string;
  readonly kind: NotificationKind;
  readonly status: 'firing' | 'resolved';
  readonly title: string;
  /** The highest severity in the group. */
  readonly severity: AlertSeverity;
  readonly message: string | undefined;
  readonly source: string;
  /** The group's labels (all of the alert's with `groupBy: '...'`, else the grouped ones). */
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: number;
  /**
   * When the oldest alert this notification is the first to tell of was accepted; the
   * notification's own time for repeats and endings. Delivery latency is measured from it.
   */
  readonly since: number;
  readonly group: {
    readonly id: string;
    /** Alerts in the group so far. */
    readonly count: number;
    /** Alerts that joined since the last notification. */
    readonly newCount: number;
    readonly startedAt: number;
    readonly first: AlertRecord;
    readonly latest: AlertRecord;
  };
}

/** The notification `group` is due for at `now`, numbered `sequence`. */
export function notificationOf(
  group: AlertGroup,
  kind: NotificationKind,
  now: number,
  sequence: number,
): Notification {
  const { latest } = group;
  return {
    id: `${group.id}.${sequence}`,
    kind,
    status: kind === 'resolved' ? 'resolved' : 'firing',
    title: latest.title,
    severity: group.severity,
    message: latest.message,
    source: group.source,
    labels: group.labels,
    createdAt: now,
    since: kind === 'new' || kind === 'update' ? (group.pendingSince ?? now) : now,
    group: {
      id: group.id,
      count: group.count,
      newCount: group.count - group.notifiedCount,
      startedAt: group.startedAt,
      first: group.first,
      latest,
    },
  };
}
