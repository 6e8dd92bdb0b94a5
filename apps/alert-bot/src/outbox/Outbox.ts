import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { AlertInput } from '../alerts/AlertInput.js';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { GroupingConfig } from '../config/AlertBotConfig.js';
import type { PrimaryChannel } from '../config/primaryChannels.js';
import { type AcceptTransaction, acceptTransaction } from './acceptTransaction.js';
import type { ClaimedDelivery, DeadLetter } from './ClaimedDelivery.js';
import { type DeliveryTransactions, deliveryTransactions } from './deliveryTransactions.js';
import { type FlushResult, type FlushTransaction, flushTransaction } from './flushTransaction.js';
import { openOutboxDatabase } from './openOutboxDatabase.js';
import { type OutboxStatus, readOutboxStatus } from './OutboxStatus.js';

/** What {@link Outbox.accept} did. */
export interface EnqueueResult {
  readonly id: string;
  /** True when an alert with the sender's `id` was accepted before (nothing changed). */
  readonly duplicate: boolean;
  /** When one of the alert's groups needs looking at (undefined for a duplicate). */
  readonly flushAt?: number;
}

/** How long accepted ids are remembered for the intake's idempotency (and webhook ids by the receiver). */
export const ID_RETENTION_MS = 86_400_000;

/**
 * The durable state of the bot in SQLite: accepted alerts grouped per channel, the queue of
 * notifications with their leases and retry times, dead letters, disabled channels. The intake
 * writes on a `synchronous = FULL` connection, so when `accept` returns the alert is on disk;
 * the worker writes on its own `NORMAL` connection (see `openOutboxDatabase`). Deliveries are
 * claimed with a lease: a worker that dies leaves rows that become due again when the lease
 * ends (or at once, when the next start sees the worker's process is gone), and a resend
 * carries the same notification id.
 */
export class Outbox {
  readonly #db: Database.Database;
  readonly #work: Database.Database;
  readonly #accept: AcceptTransaction;
  readonly #flush: FlushTransaction;
  readonly #tx: DeliveryTransactions;

  constructor(durable: Database.Database, work: Database.Database = durable) {
    this.#db = durable;
    this.#work = work;
    this.#accept = acceptTransaction(durable);
    this.#flush = flushTransaction(work);
    this.#tx = deliveryTransactions(work);
  }

  /** Opens the outbox database file: a durable connection and the worker's (see `openOutboxDatabase`). */
  static open(file: string): Outbox {
    const durable = openOutboxDatabase(file, true);
    try {
      return new Outbox(durable, openOutboxDatabase(file, false));
    } catch (error) {
      durable.close();
      throw error;
    }
  }

  /** The durable connection, for the other state kept beside the outbox (inspection, receiver). */
  get database(): Database.Database {
    return this.#db;
  }

  /**
   * Stores an alert and joins it to its group on each channel, durably, before returning. The
   * id is the sender's `id` or a new `alert_<uuid>`; an id accepted within the last 24 hours
   * changes nothing.
   */
  accept(
    input: AlertInput,
    source: string,
    channels: readonly PrimaryChannel[],
    now: number,
  ): EnqueueResult {
    const alert: AlertRecord = {
      id: input.id ?? `alert_${randomUUID()}`,
      title: input.title,
      severity: input.severity ?? 'warning',
      message: input.message,
      source: input.source ?? source,
      labels: input.labels ?? {},
      status: input.status,
      createdAt: now,
    };
    const flushAt = this.#accept(alert, channels, now);
    return flushAt === undefined
      ? { id: alert.id, duplicate: true }
      : { id: alert.id, duplicate: false, flushAt };
  }

  /** Queues the notifications of groups due at `now` (at most `limit` groups at a time). */
  flushDue(now: number, groupingOf: (channel: string) => GroupingConfig, limit = 500): FlushResult {
    return this.#flush(now, groupingOf, limit);
  }

  /** When the next group is due, if any group is open. */
  nextFlushAt(): number | undefined {
    const row = this.#work.prepare('SELECT min(next_flush_at) AS at FROM groups').get() as {
      at: number | null;
    };
    return row.at ?? undefined;
  }

  /** Leases up to `limit` due notifications of `channel` to `owner` for `leaseMs`. */
  claim(
    owner: string,
    channel: string,
    now: number,
    limit: number,
    leaseMs: number,
  ): ClaimedDelivery[] {
    return this.#tx.claim(owner, channel, now, limit, leaseMs);
  }

  /**
   * When the next notification waiting for a retry falls due after `now` (leases held by
   * other workers are not counted: the poll finds them when they end).
   */
  nextAttemptAfter(now: number): number | undefined {
    const row = this.#work
      .prepare(
        `SELECT next_attempt_at AS at FROM notifications
         WHERE next_attempt_at > ? AND lease_until <= ? ORDER BY next_attempt_at LIMIT 1`,
      )
      .get(now, now) as { at: number } | undefined;
    return row?.at;
  }

  /** Channels with queued notifications (some may no longer be configured). */
  queuedChannels(): string[] {
    const rows = this.#work.prepare('SELECT DISTINCT channel FROM notifications').all() as {
      channel: string;
    }[];
    return rows.map((row) => row.channel);
  }

  /** Marks a notification delivered. */
  complete(delivery: ClaimedDelivery): void {
    this.#tx.complete(delivery);
  }

  /**
   * Releases a claimed notification to run again at `nextAttemptAt`, if `delivery.owner` still
   * holds it (a worker whose lease expired must not overwrite the new holder's schedule).
   */
  reschedule(
    delivery: ClaimedDelivery,
    attempts: number,
    nextAttemptAt: number,
    lastError: string | undefined,
  ): void {
    this.#tx.release(delivery, attempts, nextAttemptAt, lastError);
  }

  /** Moves a notification to the dead-letter table with its last error, if `delivery`'s lease is still held. */
  deadLetter(delivery: ClaimedDelivery, attempts: number, lastError: string, now: number): void {
    this.#tx.deadLetter(delivery, attempts, lastError, now);
  }

  /** Re-queues dead letters (all, or those of one notification and/or channel); returns how many. */
  replay(now: number, filter: { readonly id?: string; readonly channel?: string } = {}): number {
    return this.#tx.replay(now, filter.id ?? null, filter.channel ?? null);
  }

  /** Ends at once the leases held by workers `isGone` says are gone; returns how many. */
  releaseLeasesOfGone(now: number, isGone: (owner: string) => boolean): number {
    let released = 0;
    for (const owner of this.#tx.leaseOwners(now))
      if (isGone(owner)) released += this.#tx.releaseOwner(owner);
    return released;
  }

  /** Dead letters, newest first. */
  deadLetters(limit = 100): DeadLetter[] {
    const rows = this.#db
      .prepare(
        `SELECT id, channel, attempts, last_error, dead_at, json_extract(payload, '$.title') AS title
         FROM dead_letters ORDER BY dead_at DESC, rowid DESC LIMIT ?`,
      )
      .all(limit) as {
      id: string;
      channel: string;
      attempts: number;
      last_error: string;
      dead_at: number;
      title: string;
    }[];
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      title: row.title,
      attempts: row.attempts,
      lastError: row.last_error,
      deadAt: row.dead_at,
    }));
  }

  /** Forgets accepted alert ids older than {@link ID_RETENTION_MS}. */
  prune(now: number): void {
    this.#work.prepare('DELETE FROM accepted WHERE accepted_at < ?').run(now - ID_RETENTION_MS);
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
    return readOutboxStatus(this.#work, now);
  }

  /** Closes the database connections. */
  close(): void {
    if (this.#work.open) this.#work.close();
    if (this.#db.open) this.#db.close();
  }
}
