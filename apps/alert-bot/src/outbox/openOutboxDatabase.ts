import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  payload TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS deliveries (
  alert_id TEXT NOT NULL REFERENCES alerts(id),
  channel TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  last_error TEXT,
  PRIMARY KEY (alert_id, channel)
) STRICT;
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_attempt_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  alert_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  dead_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (alert_id, channel)
) STRICT;
CREATE TABLE IF NOT EXISTS disabled_channels (
  channel TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  disabled_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
`;

/**
 * Opens (creating if needed) the outbox database at `file`: WAL journal, `synchronous = FULL`
 * (a commit is on disk before it returns, so an acknowledged alert survives power loss, not
 * just a process crash), foreign keys on, and a short busy timeout so the CLI and the server
 * can write the same file.
 */
export function openOutboxDatabase(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The timeout blocks the event loop while another process holds the write lock; the
    // server's transactions are a few statements, so a short one is enough.
    db.pragma('busy_timeout = 2000');
    db.exec(SCHEMA);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
