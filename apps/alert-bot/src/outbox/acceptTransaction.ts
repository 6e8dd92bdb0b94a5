import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { PrimaryChannel } from '../config/primaryChannels.js';
import type { AlertGroup } from '../grouping/AlertGroup.js';
import { joinGroup } from '../grouping/groupTransitions.js';
import { groupIdentity } from '../grouping/groupKey.js';

/**
 * Stores `alert` and joins it to its group on every channel, in one IMMEDIATE transaction.
 * Resolves with the earliest time one of those groups needs looking at, or undefined when the
 * alert's id was accepted before (nothing changes).
 */
export type AcceptTransaction = (
  alert: AlertRecord,
  channels: readonly PrimaryChannel[],
  now: number,
) => number | undefined;

/** Prepares the intake's write once per database. */
export function acceptTransaction(db: Database.Database): AcceptTransaction {
  const insertAccepted = db.prepare(
    'INSERT OR IGNORE INTO accepted (id, accepted_at) VALUES (?, ?)',
  );
  const readGroup = db.prepare<[string, string], { state: string }>(
    'SELECT state FROM groups WHERE channel = ? AND key = ?',
  );
  const writeGroup =
    db.prepare(`INSERT INTO groups (channel, key, next_flush_at, state) VALUES (?, ?, ?, ?)
    ON CONFLICT (channel, key) DO UPDATE SET next_flush_at = excluded.next_flush_at, state = excluded.state`);
  const newId = (): string => `g_${randomUUID()}`;
  return db.transaction((alert: AlertRecord, channels: readonly PrimaryChannel[], now: number) => {
    if (insertAccepted.run(alert.id, now).changes === 0) return undefined;
    let earliest = Number.POSITIVE_INFINITY;
    for (const { channel, grouping } of channels) {
      const identity = groupIdentity(alert, grouping.groupBy);
      const row = readGroup.get(channel, identity.key);
      const before = row === undefined ? undefined : (JSON.parse(row.state) as AlertGroup);
      const group = joinGroup(before, alert, { ...identity, channel }, grouping, now, newId);
      writeGroup.run(channel, identity.key, group.nextFlushAt, JSON.stringify(group));
      earliest = Math.min(earliest, group.nextFlushAt);
    }
    return earliest;
  }).immediate;
}
