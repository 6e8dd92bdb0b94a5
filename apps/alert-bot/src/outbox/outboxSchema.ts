import { ConfigError } from '@ballast/core';
import type Database from 'better-sqlite3';
import type { AlertRecord } from '../alerts/AlertRecord.js';
import type { Notification } from '../grouping/Notification.js';

/** The layout this code reads and writes (`PRAGMA user_version`). */
export const OUTBOX_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accepted (
  id TEXT PRIMARY KEY,
  accepted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS accepted_age ON accepted (accepted_at);
CREATE TABLE IF NOT EXISTS groups (
  channel TEXT NOT NULL,
  key TEXT NOT NULL,
  next_flush_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (channel, key)
) STRICT;
CREATE INDEX IF NOT EXISTS groups_due ON groups (next_flush_at);
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT NOT NULL,
  channel TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  last_error TEXT,
  PRIMARY KEY (id, channel)
) STRICT;
CREATE INDEX IF NOT EXISTS notifications_due ON notifications (channel, next_attempt_at);
CREATE INDEX IF NOT EXISTS notifications_next ON notifications (next_attempt_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  id TEXT NOT NULL,
  channel TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  dead_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (id, channel)
) STRICT;
CREATE INDEX IF NOT EXISTS dead_letters_newest ON dead_letters (dead_at);
CREATE TABLE IF NOT EXISTS disabled_channels (
  channel TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  disabled_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS inspection_state (
  target TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  since INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  last_error TEXT,
  checked_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS received_webhooks (
  id TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS received_age ON received_webhooks (received_at);
`;

/** A version-1 alert (one delivery per alert and channel) as the notification that replaces it. */
function notificationOfV1(payload: string): Notification {
  const alert = { status: undefined, ...(JSON.parse(payload) as Omit<AlertRecord, 'status'>) };
  return {
    // The webhook-id receivers have seen in earlier attempts stays the same.
    id: alert.id,
    kind: 'new',
    status: 'firing',
    title: alert.title,
    severity: alert.severity,
    message: alert.message,
    source: alert.source,
    labels: alert.labels,
    createdAt: alert.createdAt,
    since: alert.createdAt,
    group: {
      id: alert.id,
      count: 1,
      newCount: 1,
      startedAt: alert.createdAt,
      first: alert,
      latest: alert,
    },
  };
}

/**
 * Version 1 (before grouping) kept one delivery per alert and channel. Each pending delivery
 * and dead letter becomes a notification of that one alert, under the alert's id, so nothing
 * acknowledged is lost and receivers keep deduplicating the retries.
 */
function migrateFromV1(db: Database.Database): void {
  db.exec('ALTER TABLE dead_letters RENAME TO dead_letters_v1;');
  db.exec(SCHEMA);
  const pending = db
    .prepare(
      `SELECT d.alert_id, d.channel, d.attempts, d.next_attempt_at, d.last_error, a.created_at, a.payload
       FROM deliveries d JOIN alerts a ON a.id = d.alert_id`,
    )
    .all() as {
    alert_id: string;
    channel: string;
    attempts: number;
    next_attempt_at: number;
    last_error: string | null;
    created_at: number;
    payload: string;
  }[];
  const insert = db.prepare(`INSERT INTO notifications
    (id, channel, created_at, payload, attempts, next_attempt_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const row of pending) {
    const payload = JSON.stringify(notificationOfV1(row.payload));
    insert.run(
      row.alert_id,
      row.channel,
      row.created_at,
      payload,
      row.attempts,
      row.next_attempt_at,
      row.last_error,
    );
  }
  const dead = db.prepare('SELECT * FROM dead_letters_v1').all() as {
    alert_id: string;
    channel: string;
    attempts: number;
    last_error: string;
    dead_at: number;
    created_at: number;
    payload: string;
  }[];
  const insertDead = db.prepare(`INSERT INTO dead_letters
    (id, channel, attempts, last_error, dead_at, created_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const row of dead) {
    const payload = JSON.stringify(notificationOfV1(row.payload));
    insertDead.run(
      row.alert_id,
      row.channel,
      row.attempts,
      row.last_error,
      row.dead_at,
      row.created_at,
      payload,
    );
  }
  db.exec(`INSERT OR IGNORE INTO accepted (id, accepted_at) SELECT id, created_at FROM alerts;
    DROP TABLE deliveries; DROP TABLE alerts; DROP TABLE dead_letters_v1;`);
}

/** Creates the tables, or brings an older outbox to {@link OUTBOX_VERSION}, in one transaction. */
export function prepareOutboxSchema(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > OUTBOX_VERSION)
      throw new ConfigError(
        `alert-bot: the outbox was written by a newer alert-bot (layout ${version}; this one reads ${OUTBOX_VERSION}); run that version or a newer one.`,
      );
    const legacy = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'")
      .get();
    if (version < 2 && legacy !== undefined) migrateFromV1(db);
    else db.exec(SCHEMA);
    db.pragma(`user_version = ${OUTBOX_VERSION}`);
  }).immediate();
}
