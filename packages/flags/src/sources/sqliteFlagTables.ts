import type BetterSqlite3 from 'better-sqlite3';
import { ConfigError } from '@ballast/core';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** @internal prepared statements over the flags table and its audit table. */
export interface FlagTableStatements {
  readonly all: BetterSqlite3.Statement<[], { key: string; definition: string; version: number }>;
  readonly one: BetterSqlite3.Statement<[string], { definition: string; version: number }>;
  readonly lastVersion: BetterSqlite3.Statement<[string], { version: number | null }>;
  readonly upsert: BetterSqlite3.Statement<[string, string, number, string, string]>;
  readonly remove: BetterSqlite3.Statement<[string]>;
  readonly audit: BetterSqlite3.Statement<
    [string, number, string, string | null, string | null, string, string, string | null]
  >;
  readonly history: BetterSqlite3.Statement<[string | null, string | null, number], FlagAuditRow>;
}

/** @internal one audit row as stored. */
export interface FlagAuditRow {
  readonly id: number;
  readonly key: string;
  readonly version: number;
  readonly action: 'create' | 'update' | 'delete';
  readonly definition: string | null;
  readonly previous: string | null;
  readonly changed_by: string;
  readonly changed_at: string;
  readonly comment: string | null;
}

/** @internal creates the tables when missing and prepares the statements. */
export function prepareFlagTables(db: BetterSqlite3.Database, table: string): FlagTableStatements {
  if (!TABLE_NAME.test(table)) {
    throw new ConfigError(
      `SqliteFlagSource: option "table" must match ${TABLE_NAME.source} (got ${JSON.stringify(table)}).`,
    );
  }
  const audit = `${table}_audit`;
  db.exec(`
    CREATE TABLE IF NOT EXISTS "${table}" (
      key TEXT PRIMARY KEY,
      definition TEXT NOT NULL,
      version INTEGER NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS "${audit}" (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT NOT NULL,
      version INTEGER NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
      definition TEXT,
      previous TEXT,
      changed_by TEXT NOT NULL,
      changed_at TEXT NOT NULL,
      comment TEXT
    );
    CREATE INDEX IF NOT EXISTS "${audit}_key" ON "${audit}" (key, id);
  `);
  return {
    all: db.prepare<[], { key: string; definition: string; version: number }>(
      `SELECT key, definition, version FROM "${table}" ORDER BY key`,
    ),
    one: db.prepare<[string], { definition: string; version: number }>(
      `SELECT definition, version FROM "${table}" WHERE key = ?`,
    ),
    lastVersion: db.prepare<[string], { version: number | null }>(
      `SELECT MAX(version) AS version FROM "${audit}" WHERE key = ?`,
    ),
    upsert: db.prepare<[string, string, number, string, string]>(
      `INSERT INTO "${table}" (key, definition, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET definition = excluded.definition, version = excluded.version,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    remove: db.prepare<[string]>(`DELETE FROM "${table}" WHERE key = ?`),
    audit: db.prepare<
      [string, number, string, string | null, string | null, string, string, string | null]
    >(
      `INSERT INTO "${audit}" (key, version, action, definition, previous, changed_by, changed_at, comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    history: db.prepare<[string | null, string | null, number], FlagAuditRow>(
      `SELECT id, key, version, action, definition, previous, changed_by, changed_at, comment FROM "${audit}"
       WHERE (? IS NULL OR key = ?) ORDER BY id DESC LIMIT ?`,
    ),
  };
}
