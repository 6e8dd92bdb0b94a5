import { errorCode } from '@ballast/core';

/**
 * What a SQLite failure means for the user's store:
 * - `busy`: another connection holds the lock (BUSY, LOCKED); retry.
 * - `readOnly`: writes cannot succeed until something outside changes (FULL, READONLY).
 * - `io`: an I/O error (IOERR); transient once, a read-only cause when repeated.
 * - `corrupt`: the file is damaged or not a database (CORRUPT, NOTADB); quarantine it.
 * - `cantOpen`: the file could not be opened (CANTOPEN, often file-descriptor exhaustion).
 * - `other`: the caller's fault (CONSTRAINT, syntax) or not a SQLite error at all.
 */
export type SqliteFailureKind = 'busy' | 'readOnly' | 'io' | 'corrupt' | 'cantOpen' | 'other';

/** The SQLite code of an error from better-sqlite3 (`SQLITE_BUSY_SNAPSHOT`, …), if it has one. */
export function sqliteCode(error: unknown): string | undefined {
  const code = errorCode(error);
  return code?.startsWith('SQLITE_') === true ? code : undefined;
}

/**
 * Classifies an error thrown by better-sqlite3 by its primary result code; extended codes
 * (`SQLITE_IOERR_WRITE`, `SQLITE_BUSY_SNAPSHOT`) follow their primary code.
 *
 * @example
 * ```ts
 * classifySqliteError(Object.assign(new Error('x'), { code: 'SQLITE_BUSY_SNAPSHOT' })); // 'busy'
 * ```
 */
export function classifySqliteError(error: unknown): SqliteFailureKind {
  const code = sqliteCode(error);
  if (code === undefined) return 'other';
  const second = code.indexOf('_', 7);
  switch (second === -1 ? code : code.slice(0, second)) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'busy';
    case 'SQLITE_FULL':
    case 'SQLITE_READONLY':
      return 'readOnly';
    case 'SQLITE_IOERR':
      return 'io';
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return 'corrupt';
    case 'SQLITE_CANTOPEN':
      return 'cantOpen';
    default:
      return 'other';
  }
}
