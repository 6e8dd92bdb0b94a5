import {
  closeSync,
  copyFileSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreIoError } from '../errors/storeErrors.js';
import { MAIN_DATABASE, QUARANTINE_MARKER } from '../paths/UserPaths.js';
import type { StoreEngine } from '../stores/StoreEngine.js';

/**
 * Replaces a user's main database with a backup and lifts a quarantine. The backup is checked
 * (`quick_check`) before anything is touched; the old WAL and shared-memory files are removed
 * before the new file is renamed in, because a stale WAL replayed over another file corrupts it.
 * Only this process may have the user's database open while restoring.
 */
export function restoreUser(engine: StoreEngine, userId: string, source: string): void {
  const check = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma('quick_check', { simple: true });
    if (result !== 'ok')
      throw new StoreIoError(userId, {
        cause: new Error(`Backup ${source} failed quick_check: ${String(result)}`),
      });
  } catch (error) {
    if (StoreIoError.is(error)) throw error;
    throw new StoreIoError(userId, { cause: error });
  } finally {
    check.close();
  }
  engine.closeUser(userId);
  const folder = engine.paths.userFolder(userId);
  const file = path.join(folder, MAIN_DATABASE);
  const staging = `${file}.restoring`;
  mkdirSync(folder, { recursive: true });
  copyFileSync(source, staging);
  const fd = openSync(staging, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(staging, file);
  rmSync(path.join(folder, QUARANTINE_MARKER), { force: true });
  engine.health.clearQuarantine(userId);
}
