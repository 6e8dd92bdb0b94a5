import type Database from 'better-sqlite3';
import type { Notification } from '../grouping/Notification.js';
import type { ClaimedDelivery } from './ClaimedDelivery.js';

/** The worker's writes on the queue of notifications, each one statement or one IMMEDIATE transaction. */
export interface DeliveryTransactions {
  /** Leases up to `limit` due notifications of `channel` to `owner` until `now + leaseMs`. */
  claim(
    owner: string,
    channel: string,
    now: number,
    limit: number,
    leaseMs: number,
  ): ClaimedDelivery[];
  /** Ends the lease of `delivery` if its owner still holds it, due again at `nextAttemptAt`. */
  release(
    delivery: ClaimedDelivery,
    attempts: number,
    nextAttemptAt: number,
    lastError: string | undefined,
  ): void;
  /** Removes a delivered notification and counts it. */
  complete(delivery: ClaimedDelivery): void;
  /** Moves `delivery` to the dead letters if its owner still holds the lease. */
  deadLetter(delivery: ClaimedDelivery, attempts: number, lastError: string, now: number): void;
  /** Re-queues matching dead letters (null matches any); returns how many. */
  replay(now: number, id: string | null, channel: string | null): number;
  /** Ends the leases of `owner` at once (a worker known to be gone); returns how many. */
  releaseOwner(owner: string): number;
  /** Owners holding leases at `now`. */
  leaseOwners(now: number): string[];
}

/**
 * Prepares the queue's writes once per database. Each multi-statement write is one IMMEDIATE
 * transaction (a write after a read in a deferred one fails at once with SQLITE_BUSY under WAL).
 */
export function deliveryTransactions(db: Database.Database): DeliveryTransactions {
  const due = db.prepare<
    [string, number, number, number],
    { id: string; attempts: number; payload: string }
  >(`SELECT id, attempts, payload FROM notifications
    WHERE channel = ? AND next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at LIMIT ?`);
  const lease = db.prepare(
    'UPDATE notifications SET lease_until = ?, lease_owner = ? WHERE id = ? AND channel = ?',
  );
  const claim = db.transaction(
    (owner: string, channel: string, now: number, limit: number, leaseMs: number) => {
      const rows = due.all(channel, now, now, limit);
      for (const row of rows) lease.run(now + leaseMs, owner, row.id, channel);
      return rows.map((row) => ({
        notification: JSON.parse(row.payload) as Notification,
        channel,
        attempts: row.attempts,
        owner,
      }));
    },
  ).immediate;
  const unlease = db.prepare(`UPDATE notifications
    SET attempts = ?, next_attempt_at = ?, lease_until = 0, lease_owner = NULL, last_error = coalesce(?, last_error)
    WHERE id = ? AND channel = ? AND lease_owner = ?`);
  const remove = db.prepare('DELETE FROM notifications WHERE id = ? AND channel = ?');
  const count = db.prepare(
    'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1',
  );
  const complete = db.transaction((delivery: ClaimedDelivery) => {
    // Not fenced by the lease: a notification that arrived is done, whoever sent it.
    if (remove.run(delivery.notification.id, delivery.channel).changes > 0) count.run('delivered');
  }).immediate;
  const insertDead =
    db.prepare(`INSERT OR REPLACE INTO dead_letters (id, channel, attempts, last_error, dead_at, created_at, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const removeLeased = db.prepare(
    'DELETE FROM notifications WHERE id = ? AND channel = ? AND lease_owner = ?',
  );
  const deadLetter = db.transaction(
    (delivery: ClaimedDelivery, attempts: number, lastError: string, now: number) => {
      const { notification, channel } = delivery;
      // Fenced like `release`: a worker whose lease expired gives up on nothing another holds.
      if (removeLeased.run(notification.id, channel, delivery.owner).changes === 0) return;
      insertDead.run(
        notification.id,
        channel,
        attempts,
        lastError,
        now,
        notification.createdAt,
        JSON.stringify(notification),
      );
    },
  ).immediate;
  const dead = db.prepare<
    [string | null, string | null, string | null, string | null],
    { id: string; channel: string; created_at: number; payload: string }
  >(`SELECT id, channel, created_at, payload FROM dead_letters
    WHERE (? IS NULL OR id = ?) AND (? IS NULL OR channel = ?)`);
  const deleteDead = db.prepare('DELETE FROM dead_letters WHERE id = ? AND channel = ?');
  const requeue =
    db.prepare(`INSERT OR REPLACE INTO notifications (id, channel, created_at, payload, next_attempt_at)
    VALUES (?, ?, ?, ?, ?)`);
  const replay = db.transaction((now: number, id: string | null, channel: string | null) => {
    const rows = dead.all(id, id, channel, channel);
    for (const row of rows) {
      requeue.run(row.id, row.channel, row.created_at, row.payload, now);
      deleteDead.run(row.id, row.channel);
    }
    return rows.length;
  }).immediate;
  const freeOwner = db.prepare(
    'UPDATE notifications SET lease_until = 0, lease_owner = NULL WHERE lease_owner = ?',
  );
  const owners = db.prepare<[number], { lease_owner: string }>(
    'SELECT DISTINCT lease_owner FROM notifications WHERE lease_until > ? AND lease_owner IS NOT NULL',
  );
  return {
    claim,
    release(delivery, attempts, nextAttemptAt, lastError) {
      unlease.run(
        attempts,
        nextAttemptAt,
        lastError ?? null,
        delivery.notification.id,
        delivery.channel,
        delivery.owner,
      );
    },
    complete,
    deadLetter,
    replay,
    releaseOwner: (owner) => freeOwner.run(owner).changes,
    leaseOwners: (now) => owners.all(now).map((row) => row.lease_owner),
  };
}
