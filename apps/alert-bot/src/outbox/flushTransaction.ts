import type Database from 'better-sqlite3';
import type { GroupingConfig } from '../config/AlertBotConfig.js';
import type { AlertGroup } from '../grouping/AlertGroup.js';
import { flushGroup } from '../grouping/groupTransitions.js';
import type { Notification } from '../grouping/Notification.js';

/** A notification made by a flush, with the channel it goes to. */
export interface MadeNotification {
  readonly channel: string;
  readonly notification: Notification;
}

/** What one flush did. */
export interface FlushResult {
  readonly made: MadeNotification[];
  /** True when `limit` groups were looked at: more may be due. */
  readonly more: boolean;
}

/**
 * Looks at up to `limit` groups due at `now` and queues the notifications they are due for,
 * in one IMMEDIATE transaction (group and queue change together, so a notification is made
 * once; its id is derived from the group, so one made again after a lost commit keeps it).
 */
export type FlushTransaction = (
  now: number,
  groupingOf: (channel: string) => GroupingConfig,
  limit: number,
) => FlushResult;

/** Prepares the flush once per database. */
export function flushTransaction(db: Database.Database): FlushTransaction {
  const due = db.prepare<[number, number], { channel: string; key: string; state: string }>(
    'SELECT channel, key, state FROM groups WHERE next_flush_at <= ? ORDER BY next_flush_at LIMIT ?',
  );
  const update = db.prepare(
    'UPDATE groups SET next_flush_at = ?, state = ? WHERE channel = ? AND key = ?',
  );
  const remove = db.prepare('DELETE FROM groups WHERE channel = ? AND key = ?');
  const queue =
    db.prepare(`INSERT OR IGNORE INTO notifications (id, channel, created_at, payload, next_attempt_at)
    VALUES (?, ?, ?, ?, ?)`);
  return db.transaction(
    (now: number, groupingOf: (channel: string) => GroupingConfig, limit: number) => {
      const made: MadeNotification[] = [];
      const rows = due.all(now, limit);
      for (const row of rows) {
        const step = flushGroup(JSON.parse(row.state) as AlertGroup, groupingOf(row.channel), now);
        const { notification, group } = step;
        if (notification !== undefined) {
          queue.run(notification.id, row.channel, now, JSON.stringify(notification), now);
          made.push({ channel: row.channel, notification });
        }
        if (group === undefined) remove.run(row.channel, row.key);
        else update.run(group.nextFlushAt, JSON.stringify(group), row.channel, row.key);
      }
      return { made, more: rows.length === limit };
    },
  ).immediate;
}
