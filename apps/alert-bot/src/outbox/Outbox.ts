import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { AlertInput } from '../alerts/AlertInput.js';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { ClaimedDelivery, DeadLetter } from './ClaimedDelivery.js';
import { openOutboxDatabase } from './openOutboxDatabase.js';
import { type OutboxStatus, readOutboxStatus } from './OutboxStatus.js';

interface DueRow {
  alert_id: string;
  channel: string;
  attempts: number;
  payload: string;
}

/** What {@link Outbox.enqueue} did. */
export interface EnqueueResult {
  readonly id: string;
  /** True when an alert with the sender's `id` was already in the outbox (nothing added). */
  readonly duplicate: boolean;
}

/**
 * The durable queue between intake and delivery, in SQLite. Every write is an IMMEDIATE
 * transaction committed with `synchronous = FULL`, so when `enqueue` returns the alert is on
 * disk. Deliveries are claimed with a lease: a worker that dies leaves rows that become due
 * again when the lease ends, so nothing is lost, and a resend carries the same alert id.
 */
export class Outbox {
  readonly #db: Database.Database;
  readonly #enqueue: (alert: AlertRecord, channels: readonly string[]) => boolean;
  readonly #claim: (
    owner: string,
    now: number,
    limit: number,
    leaseMs: number,
    paused: string,
  ) => DueRow[];
  readonly #deadLetter: (
    delivery: ClaimedDelivery,
    attempts: number,
    lastError: string,
    now: number,
  ) => void;
  readonly #complete: (alertId: string, channel: string) => void;
  readonly #replay: (now: number, alertId: string | null, channel: string | null) => number;
  readonly #release: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#release = db.prepare(`UPDATE deliveries
      SET attempts = ?, next_attempt_at = ?, lease_until = 0, lease_owner = NULL, last_error = coalesce(?, last_error)
      WHERE alert_id = ? AND channel = ? AND lease_owner = ?`);
    const insertAlert = db.prepare(
      'INSERT OR IGNORE INTO alerts (id, created_at, payload) VALUES (?, ?, ?)',
    );
    const insertDelivery = db.prepare(
      'INSERT OR IGNORE INTO deliveries (alert_id, channel, next_attempt_at) VALUES (?, ?, ?)',
    );
    this.#enqueue = db.transaction((alert: AlertRecord, channels: readonly string[]) => {
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
    this.#claim = db.transaction(
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
    this.#complete = db.transaction((alertId: string, channel: string) => {
      // Not fenced by the lease: a delivery that arrived is done, whoever sent it.
      if (deleteDelivery.run(alertId, channel).changes > 0) count.run('delivered');
      deleteAlert.run(alertId, alertId);
    }).immediate;
    const insertDead =
      db.prepare(`INSERT OR REPLACE INTO dead_letters (alert_id, channel, attempts, last_error, dead_at, created_at, payload)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.#deadLetter = db.transaction(
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
    this.#replay = db.transaction((now: number, alertId: string | null, channel: string | null) => {
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
  }

  /** Opens the outbox database file (see `openOutboxDatabase` for the durability settings). */
  static open(file: string): Outbox {
    return new Outbox(openOutboxDatabase(file));
  }

  /**
   * Stores an alert and one pending delivery per channel, durably, before returning. The id is
   * the sender's `id` or a new `alert_<uuid>`; a repeated sender id stores nothing new.
   */
  enqueue(
    input: AlertInput,
    source: string,
    channels: readonly string[],
    now: number,
  ): EnqueueResult {
    const alert: AlertRecord = {
      id: input.id ?? `alert_${randomUUID()}`,
      title: input.title,
      severity: input.severity ?? 'warning',
      message: input.message,
      source: input.source ?? source,
      labels: input.labels ?? {},
      createdAt: now,
    };
    return { id: alert.id, duplicate: !this.#enqueue(alert, channels) };
  }

  /** Leases up to `limit` due deliveries (not of `paused` channels) to `owner` for `leaseMs`. */
  claim(
    owner: string,
    now: number,
    limit: number,
    leaseMs: number,
    paused: readonly string[] = [],
  ): ClaimedDelivery[] {
    return this.#claim(owner, now, limit, leaseMs, JSON.stringify(paused)).map((row) => ({
      alert: JSON.parse(row.payload) as AlertRecord,
      channel: row.channel,
      attempts: row.attempts,
      owner,
    }));
  }

  /** Marks a delivery done (the alert row goes once none of its deliveries is left). */
  complete(delivery: ClaimedDelivery): void {
    this.#complete(delivery.alert.id, delivery.channel);
  }

  /**
   * Releases a claimed delivery to run again at `nextAttemptAt`, if `delivery.owner` still holds
   * it (a worker whose lease expired must not overwrite the new holder's schedule).
   */
  reschedule(
    delivery: ClaimedDelivery,
    attempts: number,
    nextAttemptAt: number,
    lastError: string | undefined,
  ): void {
    this.#release.run(
      attempts,
      nextAttemptAt,
      lastError ?? null,
      delivery.alert.id,
      delivery.channel,
      delivery.owner,
    );
  }

  /** Moves a delivery to the dead-letter table with its last error. */
  deadLetter(delivery: ClaimedDelivery, attempts: number, lastError: string, now: number): void {
    this.#deadLetter(delivery, attempts, lastError, now);
  }

  /** Re-queues dead letters (all, or those of one alert and/or channel); returns how many. */
  replay(
    now: number,
    filter: { readonly alertId?: string; readonly channel?: string } = {},
  ): number {
    return this.#replay(now, filter.alertId ?? null, filter.channel ?? null);
  }

  /** Dead letters, oldest first. */
  deadLetters(limit = 100): DeadLetter[] {
    const rows = this.#db
      .prepare(
        'SELECT alert_id, channel, attempts, last_error, dead_at FROM dead_letters ORDER BY dead_at LIMIT ?',
      )
      .all(limit) as {
      alert_id: string;
      channel: string;
      attempts: number;
      last_error: string;
      dead_at: number;
    }[];
    return rows.map((row) => ({
      alertId: row.alert_id,
      channel: row.channel,
      attempts: row.attempts,
      lastError: row.last_error,
      deadAt: row.dead_at,
    }));
  }

  /** Stops delivering to `channel` (a 410 Gone), durably, until {@link Outbox.enableChannel}. */
  disableChannel(channel: string, reason: string, now: number): void {
    this.#db
      .prepare(
        'INSERT OR IGNORE INTO disabled_channels (channel, reason, disabled_at) VALUES (?, ?, ?)',
      )
      .run(channel, reason, now);
  }

  /** Re-enables a disabled channel; false when it was not disabled. */
  enableChannel(channel: string): boolean {
    return (
      this.#db.prepare('DELETE FROM disabled_channels WHERE channel = ?').run(channel).changes > 0
    );
  }

  /** Disabled channels and why. */
  disabledChannels(): Map<string, string> {
    const rows = this.#db.prepare('SELECT channel, reason FROM disabled_channels').all() as {
      channel: string;
      reason: string;
    }[];
    return new Map(rows.map((row) => [row.channel, row.reason]));
  }

  /** Queue depths at `now`. */
  status(now: number): OutboxStatus {
    return readOutboxStatus(this.#db, now);
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
