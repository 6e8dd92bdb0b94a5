import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { prepareOutboxSchema } from './outboxSchema.js';

/**
 * Opens (creating or upgrading if needed) the outbox database at `file`: WAL journal, foreign
 * keys on, and a short busy timeout so the CLI and the server can write the same file.
 *
 * `durable` connections commit with `synchronous = FULL`: a commit is on disk before it
 * returns, so an acknowledged alert survives power loss. The delivery worker's connection
 * commits with `NORMAL` (on disk at the next checkpoint, safe against a process crash): a
 * delivery outcome lost to a power cut only means a resend under the same `webhook-id`, and it
 * spares the event loop an fsync per attempt.
 */
export function openOutboxDatabase(file: string, durable = true): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durable ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    // The timeout blocks the event loop while another process holds the write lock; the
    // transactions are a few statements, so a short one is enough.
    db.pragma('busy_timeout = 2000');
    prepareOutboxSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
