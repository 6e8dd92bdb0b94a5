import type Database from 'better-sqlite3';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { ClaimedDelivery } from './ClaimedDelivery.js';

/** A delivery row due to be claimed, with its alert's stored payload. */
export interface DueRow {
  alert_id: string;
  channel: string;
  attempts: number;
  payload: string;
}

/** The outbox's writes, each one statement or one IMMEDIATE transaction. */
export interface OutboxTransactions {
  /** Inserts the alert and its deliveries; false when the alert id was already stored. */
  enqueue(alert: AlertRecord, channels: readonly string[]): boolean;
  /** Leases due deliveries of channels not in `paused` (a JSON array). */
  claim(owner: string, now: number, limit: number, leaseMs: number, paused: string): DueRow[];
  /** Ends the lease of `delivery` if its owner still holds it, due again at `nextAttemptAt`. */
  release(
    delivery: ClaimedDelivery,
    attempts: number,
    nextAttemptAt: number,
    lastError: string | undefined,
  ): void;
  complete(alertId: string, channel: string): void;
  deadLetter(delivery: ClaimedDelivery, attempts: number, lastError: string, now: number): void;
  /** Re-queues matching dead letters (null matches any); returns how many. */
  replay(now: number, alertId: string | null, channel: string | null): number;
}

/**
 * Prepares the outbox's writes once per database. Each multi-statement write is one IMMEDIATE
 * transaction (a write after a read in a deferred one fails at once with SQLITE_BUSY under WAL).
 */
export function outboxTransactions(db: Database.Database): OutboxTransactions {
  const unlease = db.prepare(`UPDATE deliveries
    SET attempts = ?, next_attempt_at = ?, lease_until = 0, lease_owner = NULL, last_error = coalesce(?, last_error)
    WHERE alert_id = ? AND channel = ? AND lease_owner = ?`);
  const insertAlert = db.prepare(
    'INSERT OR IGNORE INTO alerts (id, created_at, payload) VALUES (?, ?, ?)',
  );
  const insertDelivery = db.prepare(
    'INSERT OR IGNORE INTO deliveries (alert_id, channel, next_attempt_at) VALUES (?, ?, ?)',
  );
  const enqueue = db.transaction((alert: AlertRecord, channels: readonly string[]) => {
    if (insertAlert.run(alert.id, alert.createdAt, JSON.stringify(alert)).changes === 0)
      return false;
    for (const channel of channels) insertDelivery.run(alert.id, channel, alert.createdAt);
    return true;
  }).immediate;
  const due =
    db.prepare(`SELECT d.alert_id, d.channel, d.attempts, a.payload FROM deliveries d JOIN alerts a ON a.id = d.alert_id
    WHERE d.next_attempt_at <= ? AND d.lease_until <= ? AND d.channel NOT IN (SELECT value FROM json_each(?))
    ORDER BY d.next_attempt_at LIMIT ?`);
  const lease = db.prepare(
    'UPDATE deliveries SET lease_until = ?, lease_owner = ? WHERE alert_id = ? AND channel = ?',
  );
  const claim = db.transaction(
    (owner: string, now: number, limit: number, leaseMs: number, paused: string) => {
      const rows = due.all(now, now, paused, limit) as DueRow[];
      for (const row of rows) lease.run(now + leaseMs, owner, row.alert_id, row.channel);
      return rows;
    },
  ).immediate;
  const deleteDelivery = db.prepare('DELETE FROM deliveries WHERE alert_id = ? AND channel = ?');
  const deleteAlert = db.prepare(
    'DELETE FROM alerts WHERE id = ? AND NOT EXISTS (SELECT 1 FROM deliveries WHERE alert_id = ?)',
  );
  const count = db.prepare(
    'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1',
  );
  const complete = db.transaction((alertId: string, channel: string) => {
    // Not fenced by the lease: a delivery that arrived is done, whoever sent it.
    if (deleteDelivery.run(alertId, channel).changes > 0) count.run('delivered');
    deleteAlert.run(alertId, alertId);
  }).immediate;
  const insertDead =
    db.prepare(`INSERT OR REPLACE INTO dead_letters (alert_id, channel, attempts, last_error, dead_at, created_at, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const deadLetter = db.transaction(
    (delivery: ClaimedDelivery, attempts: number, lastError: string, now: number) => {
      const { alert, channel } = delivery;
      insertDead.run(
        alert.id,
        channel,
        attempts,
        lastError,
        now,
        alert.createdAt,
        JSON.stringify(alert),
      );
      deleteDelivery.run(alert.id, channel);
      deleteAlert.run(alert.id, alert.id);
    },
  ).immediate;
  const dead = db.prepare(`SELECT alert_id, channel, created_at, payload FROM dead_letters
    WHERE (? IS NULL OR alert_id = ?) AND (? IS NULL OR channel = ?)`);
  const deleteDead = db.prepare('DELETE FROM dead_letters WHERE alert_id = ? AND channel = ?');
  const requeue = db.prepare(
    'INSERT OR REPLACE INTO deliveries (alert_id, channel, next_attempt_at) VALUES (?, ?, ?)',
  );
  const replay = db.transaction((now: number, alertId: string | null, channel: string | null) => {
    const rows = dead.all(alertId, alertId, channel, channel) as {
      alert_id: string;
      channel: string;
      created_at: number;
      payload: string;
    }[];
    for (const row of rows) {
      insertAlert.run(row.alert_id, row.created_at, row.payload);
      requeue.run(row.alert_id, row.channel, now);
      deleteDead.run(row.alert_id, row.channel);
    }
    return rows.length;
  }).immediate;
  return {
    enqueue,
    claim,
    release(delivery, attempts, nextAttemptAt, lastError) {
      unlease.run(
        attempts,
        nextAttemptAt,
        lastError ?? null,
        delivery.alert.id,
        delivery.channel,
        delivery.owner,
      );
    },
    complete,
    deadLetter,
    replay,
  };
}
