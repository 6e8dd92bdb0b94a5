import type { Migration } from './Migration.js';

/**
 * Version 1 of every main user database: documents (deleted ones kept as tombstones so versions
 * keep rising across delete and re-create, which the aggregate's "newer wins" relies on) and the
 * outbox of the dual write. AUTOINCREMENT keeps outbox sequence numbers rising after the relay
 * empties the table.
 */
export const documentSchema: Migration = {
  name: 'ballast-documents',
  up: (db) =>
    db.exec(`
      CREATE TABLE docs (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (collection, id)
      ) WITHOUT ROWID;
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT,
        updated_at INTEGER NOT NULL
      );`),
};

/** Version 1 of every time-partition database: append-only entries ordered by time. */
export const partitionSchema: Migration = {
  name: 'ballast-partition',
  up: (db) =>
    db.exec(`
      CREATE TABLE entries (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX entries_at ON entries (at);`),
};
