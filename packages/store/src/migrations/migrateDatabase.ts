import type { Database } from 'better-sqlite3';
import { MigrationError } from '../errors/storeErrors.js';
import { classifySqliteError } from '../sqlite/classifySqliteError.js';
import type { Migration } from './Migration.js';

function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` to `migrations.length` and returns how many steps it applied. The common case (already
 * current) costs one pragma read. Each step re-reads the version inside its EXCLUSIVE transaction,
 * so two processes migrating the same file apply every step once.
 */
export function migrateDatabase(
  db: Database,
  migrations: readonly Migration[],
  label: string,
): number {
  const target = migrations.length;
  let version = userVersion(db);
  if (version === target) return 0;
  if (version > target) {
    throw new MigrationError(
      `${label} is at schema version ${version}, newer than this code knows (${target}).`,
    );
  }
  let applied = 0;
  while (version < target) {
    db.exec('BEGIN EXCLUSIVE');
    try {
      version = userVersion(db);
      const step = migrations[version];
      if (step !== undefined) {
        step.up(db);
        db.pragma(`user_version = ${version + 1}`);
        applied++;
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      // Busy, full or corrupt files are the store's business; anything else is the step's bug.
      if (classifySqliteError(error) !== 'other') throw error;
      throw new MigrationError(
        `${label}: migration ${version + 1} "${migrations[version]?.name}" failed; it stays at version ${version}.`,
        {
          cause: error,
        },
      );
    }
    version = userVersion(db);
  }
  return applied;
}
