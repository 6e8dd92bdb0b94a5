import type { Database } from 'better-sqlite3';

/**
 * One schema step of a user's database. Steps run in order, each inside its own EXCLUSIVE
 * transaction that also bumps `PRAGMA user_version`, so an interrupted run leaves every database
 * at a complete version and simply continues next time.
 *
 * @example
 * ```ts
 * const addTags: Migration = {
 *   name: 'notes-by-tag',
 *   up: (db) => db.exec(`CREATE INDEX notes_tag ON docs (json_extract(body, '$.tag')) WHERE collection = 'notes'`),
 * };
 * ```
 */
export interface Migration {
  /** Shown in errors and progress events. */
  readonly name: string;
  /** Applies the step. Runs inside the transaction: do not begin or commit here. */
  readonly up: (db: Database) => void;
}
