import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { AlertInput } from '../alerts/AlertInput.js';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { ClaimedDelivery, DeadLetter } from './ClaimedDelivery.js';
import { openOutboxDatabase } from './openOutboxDatabase.js';
import { type OutboxTransactions, outboxTransactions } from './outboxTransactions.js';
import { type OutboxStatus, readOutboxStatus } from './OutboxStatus.js';

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
  readonly #tx: OutboxTransactions;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#tx = outboxTransactions(db);
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
    return { id: alert.id, duplicate: !this.#tx.enqueue(alert, channels) };
  }

  /** Leases up to `limit` due deliveries (not of `paused` channels) to `owner` for `leaseMs`. */
  claim(
    owner: string,
    now: number,
    limit: number,
    leaseMs: number,
    paused: readonly string[] = [],
  ): ClaimedDelivery[] {
    return this.#tx.claim(owner, now, limit, leaseMs, JSON.stringify(paused)).map((row) => ({
      alert: JSON.parse(row.payload) as AlertRecord,
      channel: row.channel,
      attempts: row.attempts,
      owner,
    }));
  }

  /** Marks a delivery done (the alert row goes once none of its deliveries is left). */
  complete(delivery: ClaimedDelivery): void {
    this.#tx.complete(delivery.alert.id, delivery.channel);
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
    this.#tx.release(delivery, attempts, nextAttemptAt, lastError);
  }

  /** Moves a delivery to the dead-letter table with its last error. */
  deadLetter(delivery: ClaimedDelivery, attempts: number, lastError: string, now: number): void {
    this.#tx.deadLetter(delivery, attempts, lastError, now);
  }

  /** Re-queues dead letters (all, or those of one alert and/or channel); returns how many. */
  replay(
    now: number,
    filter: { readonly alertId?: string; readonly channel?: string } = {},
  ): number {
    return this.#tx.replay(now, filter.alertId ?? null, filter.channel ?? null);
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
