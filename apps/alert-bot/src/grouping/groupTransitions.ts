import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { GroupingConfig } from '../config/AlertBotConfig.js';
import { type AlertGroup, higherSeverity } from './AlertGroup.js';
import { alertFingerprint, type GroupIdentity } from './groupKey.js';
import { type Notification, notificationOf } from './Notification.js';

type Draft = Omit<AlertGroup, 'nextFlushAt'>;

/** When an unheld group with nothing new resolves: after resolveTimeout, at a group-interval tick. */
function resolvesAt(group: Draft, grouping: GroupingConfig): number {
  return Math.max(
    group.lastAt + grouping.resolveTimeoutMs,
    (group.notifiedAt ?? group.startedAt) + grouping.groupIntervalMs,
  );
}

/** When `group` must be looked at next. */
function scheduled(group: Draft, grouping: GroupingConfig): AlertGroup {
  let next: number;
  if (group.resolvedAt !== undefined) next = group.resolvedAt;
  else if (group.notifiedAt === undefined) next = group.startedAt + grouping.groupWaitMs;
  else if (group.count > group.notifiedCount) next = group.notifiedAt + grouping.groupIntervalMs;
  else {
    next = group.notifiedAt + grouping.repeatIntervalMs;
    if (group.held.length === 0) next = Math.min(next, resolvesAt(group, grouping));
  }
  return { ...group, nextFlushAt: next };
}

/**
 * `group` after `alert` joined it at `now` (a new group when `group` is undefined, with the
 * id `newId()`). A `firing` alert holds the group open; a `resolved` one releases its own
 * `firing` alert and ends the group once nothing else holds it — at once, without waiting for
 * the group interval. A `resolved` alert with no group to end makes a group of its own that
 * only announces it.
 */
export function joinGroup(
  group: AlertGroup | undefined,
  alert: AlertRecord,
  identity: GroupIdentity & { readonly channel: string },
  grouping: GroupingConfig,
  now: number,
  newId: () => string,
): AlertGroup {
  const fingerprint = alertFingerprint(alert);
  const resolves = alert.status === 'resolved';
  if (group === undefined) {
    return scheduled(
      {
        id: newId(),
        channel: identity.channel,
        key: identity.key,
        labels: identity.labels,
        source: alert.source,
        first: alert,
        latest: alert,
        count: resolves ? 0 : 1,
        notifiedCount: 0,
        severity: alert.severity,
        startedAt: now,
        lastAt: now,
        pendingSince: resolves ? undefined : now,
        notifiedAt: undefined,
        sequence: 0,
        held: alert.status === 'firing' ? [fingerprint] : [],
        resolvedAt: resolves ? now : undefined,
      },
      grouping,
    );
  }
  const held = group.held.filter((print) => print !== fingerprint);
  if (alert.status === 'firing') held.push(fingerprint);
  const ends = resolves && held.length === 0;
  return scheduled(
    {
      ...group,
      latest: alert,
      count: ends ? group.count : group.count + 1,
      severity: higherSeverity(group.severity, alert.severity),
      lastAt: now,
      pendingSince: ends ? group.pendingSince : (group.pendingSince ?? now),
      held,
      resolvedAt: ends ? now : undefined,
    },
    grouping,
  );
}

/** What looking at a group at `now` gives: a notification to send, and the group kept (if any). */
export interface FlushStep {
  readonly notification: Notification | undefined;
  /** The group as it continues; undefined when it ended. */
  readonly group: AlertGroup | undefined;
}

/**
 * Looks at `group` at `now`, Alertmanager's way: its first notification after `groupWaitMs`;
 * alerts that joined since the last one after `groupIntervalMs`; the same again after
 * `repeatIntervalMs` while it fires with nothing new; a resolved notification (with
 * `sendResolved`, for groups that notified before) when a `resolved` alert ended it or, with
 * nothing holding it, no alert joined for `resolveTimeoutMs`.
 */
export function flushGroup(group: AlertGroup, grouping: GroupingConfig, now: number): FlushStep {
  if (now < group.nextFlushAt) return { notification: undefined, group };
  const quiet = group.notifiedAt !== undefined && group.count === group.notifiedCount;
  const expired = quiet && group.held.length === 0 && now >= resolvesAt(group, grouping);
  if (group.resolvedAt !== undefined || expired) {
    // A group whose firing was never told ends silently, unless it only exists to announce a resolution.
    const told = group.sequence > 0 || group.count === 0;
    const notification =
      grouping.sendResolved && told
        ? notificationOf(group, 'resolved', now, group.sequence + 1)
        : undefined;
    return { notification, group: undefined };
  }
  const kind = group.notifiedAt === undefined ? 'new' : quiet ? 'repeat' : 'update';
  const sequence = group.sequence + 1;
  const notification = notificationOf(group, kind, now, sequence);
  const next = scheduled(
    {
      ...group,
      notifiedAt: now,
      notifiedCount: group.count,
      pendingSince: undefined,
      sequence,
    },
    grouping,
  );
  return { notification, group: next };
}
