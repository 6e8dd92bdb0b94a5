import Database from 'better-sqlite3';
import { errorCode } from '@ballast/core';
import { StoreLockedError } from '../errors/storeErrors.js';
import { ensureFile } from '../files/safePaths.js';

/** Releases a hold; calling it again does nothing. */
export type ReleaseHold = () => void;

/*
 * Locks are SQLite's own file locks on a small, otherwise empty database file: shared as a read
 * transaction, exclusive as `BEGIN EXCLUSIVE`. They work across processes on every platform
 * SQLite runs on, and the operating system drops them when their process dies, so a crash never
 * leaves anything locked. The file is created 0600 and never through a link.
 */

/** True for SQLite's "someone else holds the lock" errors. */
export function isBusy(error: unknown): boolean {
  return errorCode(error)?.startsWith('SQLITE_BUSY') === true;
}

/** Opens (creating if missing) the lock file; `waitMs` is how long SQLite waits for a lock. */
export function openLockFile(file: string, readonly: boolean, waitMs = 0): Database.Database {
  ensureFile(file);
  return new Database(file, { readonly, fileMustExist: true, timeout: waitMs });
}

/** The exclusive lock on `file`, or undefined while another holder has it; waits up to `waitMs`. */
export function tryLockFile(file: string, waitMs = 0): ReleaseHold | undefined {
  const db = openLockFile(file, false, waitMs);
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (isBusy(error)) return undefined;
    throw error;
  }
  return () => {
    if (db.open) db.close(); // ends the transaction, which wrote nothing
  };
}

/**
 * Takes the exclusive lock on `file` (created 0600 if missing), waiting up to `waitMs` while
 * another process holds it, and returns the function releasing it. For short read-modify-write
 * cycles on a shared file (an API key file): the wait blocks the thread, like SQLite's
 * `busy_timeout`. Throws {@link StoreLockedError} when the lock stays taken.
 *
 * @example
 * ```ts
 * const release = lockFile('/var/lib/notes/keys.json.lock', 5_000);
 * try { rewriteKeys(); } finally { release(); }
 * ```
 */
export function lockFile(file: string, waitMs: number): ReleaseHold {
  const release = tryLockFile(file, waitMs);
  if (release === undefined)
    throw new StoreLockedError(`the lock file ${file}`, `another process held it for ${waitMs} ms`);
  return release;
}
