import Database from 'better-sqlite3';

/**
 * How much an acknowledged write survives (WAL mode in both cases):
 * - `normal`: a process crash loses nothing; a power loss or OS crash may roll back the last
 *   transactions since the previous checkpoint (the file stays consistent).
 * - `full`: every commit is fsynced to the WAL; acknowledged writes survive power loss too.
 */
export type Durability = 'normal' | 'full';

/** Connection settings shared by every database a store opens. */
export interface ConnectionSettings {
  readonly durability: Durability;
  /** `busy_timeout` in ms; kept short because waiting blocks the event loop. */
  readonly busyTimeoutMs: number;
}

/** The pragmas every connection runs, as one `exec` (one round into SQLite). */
export function connectionPragmas(settings: ConnectionSettings): string {
  const synchronous = settings.durability === 'full' ? 'FULL' : 'NORMAL';
  return `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA foreign_keys = ON;`;
}

/**
 * Opens `file` with the store's pragmas. With `mustExist` a missing file throws (the cheap path
 * for users seen before: no extra fs call); the caller creates folders only on that miss.
 */
export function openConnection(
  file: string,
  settings: ConnectionSettings,
  pragmas: string,
  mustExist: boolean,
): Database.Database {
  const db = new Database(file, { fileMustExist: mustExist, timeout: settings.busyTimeoutMs });
  try {
    db.exec(pragmas);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
